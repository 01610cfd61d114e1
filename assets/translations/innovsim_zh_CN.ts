<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
  <context>
    <name>ChartPanel</name>
    <message>
      <location filename="../../desktop/views/charts.py" line="415" />
      <source>Scenario</source>
      <translation>情景</translation>
    </message>
    <message>
      <location filename="../../desktop/views/charts.py" line="415" />
      <source>Year</source>
      <translation>年份</translation>
    </message>
    <message>
      <location filename="../../desktop/views/charts.py" line="432" />
      <source>Charts</source>
      <translation>图表</translation>
    </message>
    <message>
      <location filename="../../desktop/views/charts.py" line="433" />
      <source>Yearly figures</source>
      <translation>逐年数据</translation>
    </message>
    <message>
      <source>median</source>
      <translation>中位数</translation>
    </message>
  </context>
  <context>
    <name>CompareView</name>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="102" />
      <source>Open scenario (as edited)</source>
      <translation>当前打开的情景(含编辑)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="167" />
      <source>The open scenario is missing or invalid; fix it in the editor first.</source>
      <translation>没有打开情景或情景无效;请先在编辑器中修正。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="182" />
      <location filename="../../desktop/views/compare_view.py" line="185" />
      <source>Cannot compare</source>
      <translation>无法对比</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="185" />
      <source>Tick at least two scenarios to compare.</source>
      <translation>请至少勾选两个情景进行对比。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="189" />
      <source>A run is going on</source>
      <translation>正在运行</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="189" />
      <source>Wait for it to finish or cancel it first.</source>
      <translation>请等待运行结束,或先取消。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="222" />
      <source>Nothing to export</source>
      <translation>没有可导出的内容</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="222" />
      <source>Run a comparison first.</source>
      <translation>请先运行对比。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="225" />
      <source>Comparison report</source>
      <translation>对比报告</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="232" />
      <source>Cannot export</source>
      <translation>无法导出</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="236" />
      <source>Tick two or more scenarios:</source>
      <translation>勾选两个或更多情景:</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="237" />
      <source>Differences against:</source>
      <translation>差额参照情景:</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="238" />
      <source>The reference scenario: the table gives the others' differences from it</source>
      <translation>参照情景:表中列出其他情景与它的差额</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="239" />
      <source>Replicates</source>
      <translation>重复次数</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="240" />
      <source>Run comparison</source>
      <translation>运行对比</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="241" />
      <source>PDF report…</source>
      <translation>PDF报告…</translation>
    </message>
  </context>
  <context>
    <name>LibraryPanel</name>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="80" />
      <source>Bundled (read-only)</source>
      <translation>内置情景(只读)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="85" />
      <source>My scenarios</source>
      <translation>我的情景</translation>
    </message>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="89" />
      <source>Recent files</source>
      <translation>最近文件</translation>
    </message>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="107" />
      <source>Scenario library</source>
      <translation>情景库</translation>
    </message>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="108" />
      <source>Open</source>
      <translation>打开</translation>
    </message>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="109" />
      <source>File…</source>
      <translation>文件…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="110" />
      <source>New</source>
      <translation>新建</translation>
    </message>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="111" />
      <source>Open the selected scenario</source>
      <translation>打开所选情景</translation>
    </message>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="112" />
      <source>Open a scenario file (.toml)</source>
      <translation>打开情景文件(.toml)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="113" />
      <source>New scenario from the Gansu baseline</source>
      <translation>以甘肃基准情景为模板新建</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../desktop/views/main_window.py" line="238" />
      <source>Correct the field named in the message (its allowed range is given), then try again.</source>
      <translation>请修改提示中指出的字段(已给出允许范围),然后重试。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="239" />
      <source>Invalid scenario</source>
      <translation>情景无效</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="263" />
      <source>Cannot open file</source>
      <translation>无法打开文件</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="283" />
      <source>Open scenario</source>
      <translation>打开情景</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="284" />
      <location filename="../../desktop/views/main_window.py" line="311" />
      <source>Scenario files (*.toml)</source>
      <translation>情景文件 (*.toml)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="310" />
      <source>Save scenario as</source>
      <translation>情景另存为</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="327" />
      <source>Cannot save</source>
      <translation>无法保存</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="333" />
      <source>Saved {0}</source>
      <translation>已保存 {0}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="351" />
      <source>Unsaved changes</source>
      <translation>未保存的修改</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="351" />
      <source>The scenario has unsaved changes. Save them?</source>
      <translation>情景有未保存的修改。是否保存?</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="382" />
      <source>Open copy</source>
      <translation>打开副本</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="382" />
      <source>Discard copy</source>
      <translation>丢弃副本</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="382" />
      <source>Keep for later</source>
      <translation>留待下次</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="386" />
      <source>(not saved to a file yet)</source>
      <translation>(尚未保存为文件)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="392" />
      <source>innovsim closed with unsaved edits to:

{0}
{1}

Autosaved at {2}. Open the autosaved copy?</source>
      <translation>innovsim 上次关闭时以下情景有未保存的修改:

{0}
{1}

自动保存于 {2}。是否打开自动保存的副本?</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="393" />
      <source>Recover unsaved work</source>
      <translation>恢复未保存的工作</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="414" />
      <source>Recovered unsaved edits from {0}</source>
      <translation>已从 {0} 恢复未保存的修改</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="458" />
      <source>{0} was removed or renamed on disk; Save writes it again.</source>
      <translation>{0} 已在磁盘上被删除或改名;保存时将重新写入。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="473" />
      <source>File changed on disk</source>
      <translation>文件已在磁盘上被修改</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="474" />
      <source>{0} was changed by another program. Reload it and lose your unsaved edits, or keep your edits (saving will then overwrite the file)?</source>
      <translation>{0} 已被其他程序修改。重新载入(放弃未保存的修改),还是保留您的修改(保存时将覆盖该文件)?</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="477" />
      <source>Reload</source>
      <translation>重新载入</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="477" />
      <source>Keep my edits</source>
      <translation>保留我的修改</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="479" />
      <source>Kept your edits; {0} changed on disk.</source>
      <translation>已保留您的修改;{0} 在磁盘上已被修改。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="489" />
      <source>Reloaded {0}: it was changed on disk.</source>
      <translation>已重新载入 {0}:该文件在磁盘上已被修改。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="495" />
      <source>Nothing to run</source>
      <translation>没有可运行的情景</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="495" />
      <source>Open a scenario from the library first.</source>
      <translation>请先从情景库打开一个情景。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="498" />
      <source>A run is going on</source>
      <translation>正在运行</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="498" />
      <source>Wait for it to finish or cancel it first.</source>
      <translation>请等待运行结束,或先取消。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="525" />
      <source>Cancelling…</source>
      <translation>正在取消…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="531" />
      <source>starting…</source>
      <translation>正在启动…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="538" />
      <source>{0:.0f} s elapsed, {1} s left</source>
      <translation>已用 {0:.0f} 秒,剩余 {1} 秒</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="545" />
      <source>Run finished: {0} replicates</source>
      <translation>运行完成:{0} 次重复</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="552" />
      <source>Run cancelled; nothing was kept.</source>
      <translation>运行已取消;未保留任何结果。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="554" />
      <source>cancelled</source>
      <translation>已取消</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="560" />
      <source>The run stopped</source>
      <translation>运行已停止</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="560" />
      <source>Check the scenario and run again.</source>
      <translation>请检查情景后重新运行。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="564" />
      <source>Unexpected error</source>
      <translation>意外错误</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="565" />
      <source>The model failed: {0}

Nothing was kept. You can run again; if it fails again, please report this with the details.</source>
      <translation>模型运行失败:{0}

未保留任何结果。可以重新运行;如再次失败,请连同详细信息一起报告。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="583" />
      <source>read-only</source>
      <translation>只读</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="592" />
      <source>Export chart</source>
      <translation>导出图表</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="600" />
      <location filename="../../desktop/views/main_window.py" line="619" />
      <source>Cannot export</source>
      <translation>无法导出</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="607" />
      <source>Nothing to export</source>
      <translation>没有可导出的内容</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="607" />
      <source>Run the scenario first.</source>
      <translation>请先运行情景。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="611" />
      <source>Export results</source>
      <translation>导出结果</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="651" />
      <source>New</source>
      <translation>新建</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="652" />
      <source>Open…</source>
      <translation>打开…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="653" />
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="654" />
      <source>Save As…</source>
      <translation>另存为…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="655" />
      <source>Quit</source>
      <translation>退出</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="656" />
      <source>Chart (PNG, SVG, PDF)…</source>
      <translation>图表(PNG、SVG、PDF)…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="657" />
      <source>Results summary (CSV)…</source>
      <translation>结果汇总(CSV)…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="658" />
      <source>Results (Excel)…</source>
      <translation>结果(Excel)…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="659" />
      <source>Comparison report (PDF)…</source>
      <translation>对比报告(PDF)…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="660" />
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="661" />
      <source>Recent files</source>
      <translation>最近文件</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="662" />
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="663" />
      <source>&amp;Language</source>
      <translation>语言(&amp;L)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="664" />
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="665" />
      <source>&amp;Tools</source>
      <translation>工具(&amp;T)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="666" />
      <source>Backtest…</source>
      <translation>回测…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="669" />
      <source>Show observed data</source>
      <translation>显示观测值</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="670" />
      <source>Observed history ({0}) as black points beside the simulated bands</source>
      <translation>在模拟区间旁以黑点显示历史观测值({0})</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="673" />
      <source>Replicates</source>
      <translation>重复次数</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="674" />
      <source>Seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="675" />
      <source>Run</source>
      <translation>运行</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="676" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="677" />
      <source>Results</source>
      <translation>结果</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="678" />
      <source>Compare</source>
      <translation>对比</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="679" />
      <source>Trainer</source>
      <translation>培训模式</translation>
    </message>
    <message>
      <source>Something went wrong that innovsim did not expect. Your scenario is still open; save it under a new name and report the details below.</source>
      <translation>innovsim 遇到了意外问题。情景仍处于打开状态;请另存为新文件,并报告下方的详细信息。</translation>
    </message>
    <message>
      <source>Choose another folder.</source>
      <translation>请选择其他文件夹。</translation>
    </message>
  </context>
  <context>
    <name>ScenarioEditor</name>
    <message>
      <location filename="../../desktop/views/editor.py" line="754" />
      <source>Uncertainty</source>
      <translation>不确定性</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="755" />
      <source>Targets</source>
      <translation>目标</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="823" />
      <source>Name (English)</source>
      <translation>名称(英文)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="824" />
      <source>Name (Chinese)</source>
      <translation>名称(中文)</translation>
    </message>
  </context>
  <context>
    <name>TargetsTable</name>
    <message>
      <location filename="../../desktop/views/editor.py" line="289" />
      <source>Indicator</source>
      <translation>指标</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="289" />
      <source>Year</source>
      <translation>年份</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="289" />
      <source>Value</source>
      <translation>数值</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="289" />
      <source>Direction</source>
      <translation>方向</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="290" />
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="290" />
      <source>Interpretation</source>
      <translation>解读</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="291" />
      <source>Add target</source>
      <translation>添加目标</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="292" />
      <source>Remove target</source>
      <translation>删除目标</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="293" />
      <source>Add a target (a copy of the last one, at the end year)</source>
      <translation>添加目标(复制最后一行,年份为终止年)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="294" />
      <source>Remove the selected target</source>
      <translation>删除所选目标</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="295" />
      <source>Interpretation: ticked when the target is our reading of words in a plan, not a figure from it.</source>
      <translation>解读:勾选表示该目标是对规划文字表述的解读,而非规划中给出的具体数字。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="337" />
      <source>at least (≥)</source>
      <translation>不低于(≥)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="337" />
      <source>at most (≤)</source>
      <translation>不高于(≤)</translation>
    </message>
  </context>
  <context>
    <name>TrainerPanel</name>
    <message>
      <location filename="../../desktop/views/trainer.py" line="150" />
      <source>Nothing to run</source>
      <translation>没有可运行的情景</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="150" />
      <source>Open a valid scenario first.</source>
      <translation>请先打开一个有效的情景。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="155" />
      <source>Invalid lever value</source>
      <translation>杠杆取值无效</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="174" />
      <source>Replicates</source>
      <translation>重复次数</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="175" />
      <source>Move a lever: the open scenario re-runs with these values after a short pause. The file is not changed.</source>
      <translation>拖动滑块:稍停片刻后,当前情景将以这些取值重新运行。情景文件不会被修改。</translation>
    </message>
  </context>
  <context>
    <name>UncertaintyTable</name>
    <message>
      <location filename="../../desktop/views/editor.py" line="482" />
      <source>Parameter</source>
      <translation>参数</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="482" />
      <source>Low</source>
      <translation>下限</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="482" />
      <source>High</source>
      <translation>上限</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="483" />
      <source>Unit and allowed range</source>
      <translation>单位与允许范围</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="484" />
      <source>Add range</source>
      <translation>添加范围</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="485" />
      <source>Remove range</source>
      <translation>删除范围</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="486" />
      <source>Add a range for a parameter not listed yet, fixed at its current value until you widen it</source>
      <translation>为尚未列出的参数添加范围(初始上下限均为其当前取值,请再放宽)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="488" />
      <source>Remove the selected range</source>
      <translation>删除所选范围</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="492" />
      <source>Each replicate draws these parameters uniformly between low and high, in place of the values set in the form.</source>
      <translation>每次重复运行时,这些参数在下限与上限之间均匀抽样,取代表单中设定的取值。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="496" />
      <source>Ranges of {0} are shown in grey: changing one writes an override into this file, and removing an override brings back the range of {0}. A range of {0} cannot be removed here; set low = high to fix the value.</source>
      <translation>灰色为继承自 {0} 的范围:修改后将作为覆盖值写入本文件;删除覆盖值则恢复 {0} 的范围。此处不能删除 {0} 的范围;如需固定取值,请将下限设为等于上限。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="534" />
      <source>From {0}; changing it writes an override into this file.</source>
      <translation>继承自 {0};修改后将作为覆盖值写入本文件。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="660" />
      <source>This parameter already has a range in row {0}; a parameter takes one range only.</source>
      <translation>该参数已在第 {0} 行设定了范围;每个参数只能有一个范围。</translation>
    </message>
  </context>
  <context>
    <name>Charts</name>
    <message>
      <source>Run a scenario to see charts</source>
      <translation>运行情景后在此显示图表</translation>
    </message>
    <message>
      <source>Observed ({0})</source>
      <translation>观测值({0})</translation>
    </message>
    <message>
      <source>Observed points: {0}</source>
      <translation>观测值来源:{0}</translation>
    </message>
  </context>
  <context>
    <name>Editor</name>
    <message>
      <source>Allowed</source>
      <translation>允许范围</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <source>Year</source>
      <translation>年份</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>数值</translation>
    </message>
    <message>
      <source>Add a year</source>
      <translation>添加年份</translation>
    </message>
    <message>
      <source>Remove the selected year</source>
      <translation>删除所选年份</translation>
    </message>
    <message>
      <source>all years</source>
      <translation>所有年份</translation>
    </message>
    <message>
      <source>One value for every year; add a year to make it change over time</source>
      <translation>各年份取同一数值;添加年份可使其随时间变化</translation>
    </message>
  </context>
  <context>
    <name>Compare</name>
    <message>
      <source>Scenario</source>
      <translation>情景</translation>
    </message>
    <message>
      <source>Year</source>
      <translation>年份</translation>
    </message>
    <message>
      <source>R&amp;D intensity (%)</source>
      <translation>R&amp;D经费投入强度(%)</translation>
    </message>
    <message>
      <source>HNTE count</source>
      <translation>高新技术企业数</translation>
    </message>
    <message>
      <source>Cumulative fiscal cost (100m yuan)</source>
      <translation>累计财政成本(亿元)</translation>
    </message>
    <message>
      <source>Δ cost</source>
      <translation>累计成本差额</translation>
    </message>
    <message>
      <source>Cost per extra HNTE (100m yuan)</source>
      <translation>每增加一家高企的成本(亿元)</translation>
    </message>
    <message>
      <source>Cost per +0.1 pt R&amp;D intensity (100m yuan)</source>
      <translation>强度每提高0.1个百分点的成本(亿元)</translation>
    </message>
    <message>
      <source>innovsim scenario comparison</source>
      <translation>innovsim 情景对比</translation>
    </message>
    <message>
      <source>replicates</source>
      <translation>重复次数</translation>
    </message>
    <message>
      <source>Means over replicates; costs in 100m yuan, cumulative from the first forecast year; differences against the first scenario.</source>
      <translation>数值为各次重复的平均值;成本单位为亿元,自预测首年起累计;差额以第一个情景为参照。</translation>
    </message>
  </context>
  <context>
    <name>About</name>
    <message>
      <source>About innovsim</source>
      <translation>关于 innovsim</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <source>About innovsim…</source>
      <translation>关于 innovsim…</translation>
    </message>
  </context>
  <context>
    <name>Backtest</name>
    <message>
      <source>The backtest calibrates with ABC-SMC, which needs the pyabc package, and it is not installed. Install it (pip install pyabc) and start innovsim again.</source>
      <translation>回测使用ABC-SMC校准,需要pyabc软件包,但当前未安装。请安装(pip install pyabc)后重新启动innovsim。</translation>
    </message>
    <message>
      <source>No held-out observation of an outcome to score</source>
      <translation>没有可用于评分的留出结果观测值</translation>
    </message>
    <message>
      <source>median</source>
      <translation>中位数</translation>
    </message>
    <message>
      <source>5–95% band</source>
      <translation>5–95%区间</translation>
    </message>
    <message>
      <source>naive trend</source>
      <translation>朴素趋势外推</translation>
    </message>
    <message>
      <source>observed (used)</source>
      <translation>观测值(用于校准)</translation>
    </message>
    <message>
      <source>held out, inside the band</source>
      <translation>留出观测,落在区间内</translation>
    </message>
    <message>
      <source>held out, outside the band</source>
      <translation>留出观测,落在区间外</translation>
    </message>
    <message>
      <source>Indicator</source>
      <translation>指标</translation>
    </message>
    <message>
      <source>Held out</source>
      <translation>留出观测数</translation>
    </message>
    <message>
      <source>Inside 5–95% (%)</source>
      <translation>落在5–95%区间内 (%)</translation>
    </message>
    <message>
      <source>Median error (%)</source>
      <translation>中位数误差 (%)</translation>
    </message>
    <message>
      <source>Naive error (%)</source>
      <translation>朴素外推误差 (%)</translation>
    </message>
    <message>
      <source>Band half-width, 3 years on (%)</source>
      <translation>3年后区间半宽 (%)</translation>
    </message>
    <message>
      <source>All outcomes</source>
      <translation>所有结果指标</translation>
    </message>
    <message>
      <source>Cannot backtest</source>
      <translation>无法回测</translation>
    </message>
    <message>
      <source>Open a valid scenario first.</source>
      <translation>请先打开一个有效的情景。</translation>
    </message>
    <message>
      <source>pyabc is not installed</source>
      <translation>未安装pyabc</translation>
    </message>
    <message>
      <source>Calibrating up to {0}…</source>
      <translation>正在用截至{0}年的数据校准…</translation>
    </message>
    <message>
      <source>Backtest cancelled.</source>
      <translation>回测已取消。</translation>
    </message>
    <message>
      <source>The backtest stopped.</source>
      <translation>回测已中止。</translation>
    </message>
    <message>
      <source>Cutoff {0}: {1} of held-out outcomes inside the 5–95% band</source>
      <translation>截止年{0}:留出结果观测中有{1}落在5–95%区间内</translation>
    </message>
    <message>
      <source>Choose a cutoff year and press Run backtest</source>
      <translation>选择截止年份,然后点击“运行回测”</translation>
    </message>
    <message>
      <source>Backtest</source>
      <translation>回测</translation>
    </message>
    <message>
      <source>Cutoff year (last year used for calibration):</source>
      <translation>截止年份(用于校准的最后一年):</translation>
    </message>
    <message>
      <source>Run backtest</source>
      <translation>运行回测</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Quick backtest: ABC-SMC with {0} particles and {1} generations, then {2} forecast runs. Indicative only; for a full backtest use the command line (innovsim backtest).</source>
      <translation>快速回测:ABC-SMC校准({0}个粒子,{1}代),随后{2}次预测运行。结果仅供参考;完整回测请使用命令行(innovsim backtest)。</translation>
    </message>
  </context>
</TS>