<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
  <context>
    <name>ChartPanel</name>
    <message>
      <location filename="../../desktop/views/charts.py" line="425" />
      <source>Scenario</source>
      <translation>情景</translation>
    </message>
    <message>
      <location filename="../../desktop/views/charts.py" line="425" />
      <source>Year</source>
      <translation>年份</translation>
    </message>
    <message>
      <location filename="../../desktop/views/charts.py" line="442" />
      <source>Charts</source>
      <translation>图表</translation>
    </message>
    <message>
      <location filename="../../desktop/views/charts.py" line="443" />
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
      <location filename="../../desktop/views/compare_view.py" line="105" />
      <source>Open scenario (as edited)</source>
      <translation>当前打开的情景(含编辑)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="171" />
      <source>The open scenario is missing or invalid; fix it in the editor first.</source>
      <translation>没有打开情景或情景无效;请先在编辑器中修正。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="186" />
      <location filename="../../desktop/views/compare_view.py" line="189" />
      <source>Cannot compare</source>
      <translation>无法对比</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="189" />
      <source>Tick at least two scenarios to compare.</source>
      <translation>请至少勾选两个情景进行对比。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="194" />
      <source>A run is going on</source>
      <translation>正在运行</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="194" />
      <source>Wait for it to finish or cancel it first.</source>
      <translation>请等待运行结束,或先取消。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="243" />
      <source>Nothing to export</source>
      <translation>没有可导出的内容</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="243" />
      <source>Run a comparison first.</source>
      <translation>请先运行对比。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="246" />
      <source>Comparison report</source>
      <translation>对比报告</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="253" />
      <source>Cannot export</source>
      <translation>无法导出</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="257" />
      <source>Tick two or more scenarios:</source>
      <translation>勾选两个或更多情景:</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="258" />
      <source>Differences against:</source>
      <translation>差额参照情景:</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="259" />
      <source>The reference scenario: the table gives the others' differences from it</source>
      <translation>参照情景:表中列出其他情景与它的差额</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="260" />
      <source>Replicates</source>
      <translation>重复次数</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="261" />
      <source>Run comparison</source>
      <translation>运行对比</translation>
    </message>
    <message>
      <location filename="../../desktop/views/compare_view.py" line="262" />
      <source>PDF report…</source>
      <translation>PDF报告…</translation>
    </message>
  </context>
  <context>
    <name>LibraryPanel</name>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="81" />
      <source>Bundled (read-only)</source>
      <translation>内置情景(只读)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="86" />
      <source>My scenarios</source>
      <translation>我的情景</translation>
    </message>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="90" />
      <source>Recent files</source>
      <translation>最近文件</translation>
    </message>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="108" />
      <source>Scenario library</source>
      <translation>情景库</translation>
    </message>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="109" />
      <source>Open</source>
      <translation>打开</translation>
    </message>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="110" />
      <source>File…</source>
      <translation>文件…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="111" />
      <source>New</source>
      <translation>新建</translation>
    </message>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="112" />
      <source>Open the selected scenario</source>
      <translation>打开所选情景</translation>
    </message>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="113" />
      <source>Open a scenario file (.toml)</source>
      <translation>打开情景文件(.toml)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/library_panel.py" line="114" />
      <source>New scenario from the Gansu baseline</source>
      <translation>以甘肃基准情景为模板新建</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../desktop/views/main_window.py" line="248" />
      <source>Correct the field named in the message (its allowed range is given), then try again.</source>
      <translation>请修改提示中指出的字段(已给出允许范围),然后重试。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="249" />
      <source>Invalid scenario</source>
      <translation>情景无效</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="273" />
      <source>Cannot open file</source>
      <translation>无法打开文件</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="280" />
      <source>{0} was read as {1} (GBK) text; saving writes it as UTF-8.</source>
      <translation>{0} 按 {1}(GBK)编码读取;保存时将写为 UTF-8。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="297" />
      <source>Open scenario</source>
      <translation>打开情景</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="298" />
      <location filename="../../desktop/views/main_window.py" line="325" />
      <source>Scenario files (*.toml)</source>
      <translation>情景文件 (*.toml)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="324" />
      <source>Save scenario as</source>
      <translation>情景另存为</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="341" />
      <source>Cannot save</source>
      <translation>无法保存</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="347" />
      <source>Saved {0}</source>
      <translation>已保存 {0}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="365" />
      <source>Unsaved changes</source>
      <translation>未保存的修改</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="365" />
      <source>The scenario has unsaved changes. Save them?</source>
      <translation>情景有未保存的修改。是否保存?</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="396" />
      <source>Open copy</source>
      <translation>打开副本</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="396" />
      <source>Discard copy</source>
      <translation>丢弃副本</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="396" />
      <source>Keep for later</source>
      <translation>留待下次</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="400" />
      <source>(not saved to a file yet)</source>
      <translation>(尚未保存为文件)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="406" />
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
      <location filename="../../desktop/views/main_window.py" line="407" />
      <source>Recover unsaved work</source>
      <translation>恢复未保存的工作</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="428" />
      <source>Recovered unsaved edits from {0}</source>
      <translation>已从 {0} 恢复未保存的修改</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="472" />
      <source>{0} was removed or renamed on disk; Save writes it again.</source>
      <translation>{0} 已在磁盘上被删除或改名;保存时将重新写入。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="487" />
      <source>File changed on disk</source>
      <translation>文件已在磁盘上被修改</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="488" />
      <source>{0} was changed by another program. Reload it and lose your unsaved edits, or keep your edits (saving will then overwrite the file)?</source>
      <translation>{0} 已被其他程序修改。重新载入(放弃未保存的修改),还是保留您的修改(保存时将覆盖该文件)?</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="491" />
      <source>Reload</source>
      <translation>重新载入</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="491" />
      <source>Keep my edits</source>
      <translation>保留我的修改</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="493" />
      <source>Kept your edits; {0} changed on disk.</source>
      <translation>已保留您的修改;{0} 在磁盘上已被修改。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="503" />
      <source>Reloaded {0}: it was changed on disk.</source>
      <translation>已重新载入 {0}:该文件在磁盘上已被修改。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="509" />
      <source>Nothing to run</source>
      <translation>没有可运行的情景</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="509" />
      <source>Open a scenario from the library first.</source>
      <translation>请先从情景库打开一个情景。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="512" />
      <source>A run is going on</source>
      <translation>正在运行</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="512" />
      <source>Wait for it to finish or cancel it first.</source>
      <translation>请等待运行结束,或先取消。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="552" />
      <source>Cancelling…</source>
      <translation>正在取消…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="558" />
      <source>starting…</source>
      <translation>正在启动…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="565" />
      <source>{0:.0f} s elapsed, {1} s left</source>
      <translation>已用 {0:.0f} 秒,剩余 {1} 秒</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="572" />
      <source>Run finished: {0} replicates</source>
      <translation>运行完成:{0} 次重复</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="583" />
      <source>Run cancelled; the results shown are from the previous run.</source>
      <translation>运行已取消;显示的是上一次运行的结果。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="585" />
      <source>Run cancelled; nothing was kept.</source>
      <translation>运行已取消;未保留任何结果。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="587" />
      <source>cancelled</source>
      <translation>已取消</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="593" />
      <source>The run stopped</source>
      <translation>运行已停止</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="593" />
      <source>Check the scenario and run again.</source>
      <translation>请检查情景后重新运行。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="597" />
      <source>Unexpected error</source>
      <translation>意外错误</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="598" />
      <source>The model failed: {0}

Nothing was kept. You can run again; if it fails again, please report this with the details.</source>
      <translation>模型运行失败:{0}

未保留任何结果。可以重新运行;如再次失败,请连同详细信息一起报告。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="616" />
      <source>read-only</source>
      <translation>只读</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="636" />
      <source>The {0} tab has no result yet: run it first, then export.</source>
      <translation>“{0}”页尚无结果:请先运行,再导出。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="647" />
      <source>Tick at least one indicator to chart.</source>
      <translation>请至少勾选一个指标以绘制图表。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="650" />
      <source>Export chart</source>
      <translation>导出图表</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="656" />
      <source>{0}: {1} ({2} runs each)</source>
      <translation>{0}:{1}(各运行{2}次)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="661" />
      <location filename="../../desktop/views/main_window.py" line="684" />
      <source>Cannot export</source>
      <translation>无法导出</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="635" />
      <location filename="../../desktop/views/main_window.py" line="647" />
      <source>Nothing to export</source>
      <translation>没有可导出的内容</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="675" />
      <source>Export results</source>
      <translation>导出结果</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="716" />
      <source>New</source>
      <translation>新建</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="717" />
      <source>Open…</source>
      <translation>打开…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="718" />
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="719" />
      <source>Save As…</source>
      <translation>另存为…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="720" />
      <source>Quit</source>
      <translation>退出</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="721" />
      <source>Chart (PNG, SVG, PDF)…</source>
      <translation>图表(PNG、SVG、PDF)…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="722" />
      <source>Results summary (CSV)…</source>
      <translation>结果汇总(CSV)…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="723" />
      <source>Results (Excel)…</source>
      <translation>结果(Excel)…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="724" />
      <source>Comparison report (PDF)…</source>
      <translation>对比报告(PDF)…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="725" />
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="726" />
      <source>Recent files</source>
      <translation>最近文件</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="727" />
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="728" />
      <source>&amp;Language</source>
      <translation>语言(&amp;L)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="729" />
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="730" />
      <source>&amp;Tools</source>
      <translation>工具(&amp;T)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="731" />
      <source>Backtest…</source>
      <translation>回测…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="734" />
      <source>What does it take?…</source>
      <translation>需要多大力度?…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="737" />
      <source>Show observed data</source>
      <translation>显示观测值</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="738" />
      <source>Observed history ({0}) as black points beside the simulated bands</source>
      <translation>在模拟区间旁以黑点显示历史观测值({0})</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="741" />
      <source>Replicates</source>
      <translation>重复次数</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="742" />
      <source>Seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="743" />
      <source>Run</source>
      <translation>运行</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="744" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="632" />
      <location filename="../../desktop/views/main_window.py" line="745" />
      <source>Results</source>
      <translation>结果</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="627" />
      <location filename="../../desktop/views/main_window.py" line="746" />
      <source>Compare</source>
      <translation>对比</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="630" />
      <location filename="../../desktop/views/main_window.py" line="747" />
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
      <location filename="../../desktop/views/editor.py" line="769" />
      <source>Uncertainty</source>
      <translation>不确定性</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="770" />
      <source>Targets</source>
      <translation>目标</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="838" />
      <source>Name (English)</source>
      <translation>名称(英文)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="839" />
      <source>Name (Chinese)</source>
      <translation>名称(中文)</translation>
    </message>
  </context>
  <context>
    <name>TargetsTable</name>
    <message>
      <location filename="../../desktop/views/editor.py" line="295" />
      <source>Indicator</source>
      <translation>指标</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="295" />
      <source>Year</source>
      <translation>年份</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="295" />
      <source>Value</source>
      <translation>数值</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="295" />
      <source>Direction</source>
      <translation>方向</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="296" />
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="296" />
      <source>Interpretation</source>
      <translation>解读</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="297" />
      <source>Add target</source>
      <translation>添加目标</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="298" />
      <source>Remove target</source>
      <translation>删除目标</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="299" />
      <source>Add a target (a copy of the last one, at the end year)</source>
      <translation>添加目标(复制最后一行,年份为终止年)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="300" />
      <source>Remove the selected target</source>
      <translation>删除所选目标</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="301" />
      <source>Interpretation: ticked when the target is our reading of words in a plan, not a figure from it.</source>
      <translation>解读:勾选表示该目标是对规划文字表述的解读,而非规划中给出的具体数字。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="343" />
      <source>at least (≥)</source>
      <translation>不低于(≥)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="343" />
      <source>at most (≤)</source>
      <translation>不高于(≤)</translation>
    </message>
  </context>
  <context>
    <name>TrainerPanel</name>
    <message>
      <location filename="../../desktop/views/trainer.py" line="317" />
      <source>Nothing to run</source>
      <translation>没有可运行的情景</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="317" />
      <source>Open a valid scenario first.</source>
      <translation>请先打开一个有效的情景。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="284" />
      <source>Invalid lever value</source>
      <translation>杠杆取值无效</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="241" />
      <source>Levers back at the scenario's own values.</source>
      <translation>杠杆已恢复为情景原设定的取值。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="255" />
      <source>(as written)</source>
      <translation>(原设定)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="256" />
      <source>(written: {0:g})</source>
      <translation>(原设定:{0:g})</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="294" />
      <source>Another run is going on (Run or Compare): the trainer will run when it ends, or cancel it from the toolbar.</source>
      <translation>另一个运行正在进行(运行或对比):结束后培训模式将自动运行;也可在工具栏中取消它。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="310" />
      <source>Running the scenario as written ({0} replicates)…</source>
      <translation>正在运行情景原设定({0}次重复)…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="324" />
      <source>Quick answer with {0} replicates…</source>
      <translation>快速估算({0}次重复)…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="345" />
      <source>The scenario as written, {0} replicates. Move a lever.</source>
      <translation>情景原设定,{0}次重复。请拖动杠杆。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="352" />
      <source>Quick answer ({0} replicate); the slider moved on…</source>
      <translation>快速估算({0}次重复);滑块已继续移动…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="356" />
      <source>Quick answer ({0} replicates); refining with {1}…</source>
      <translation>快速估算({0}次重复);正在以{1}次重复细化…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="359" />
      <source>Answer with {0} replicates.</source>
      <translation>结果基于{0}次重复。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="366" />
      <source>Trainer run cancelled; the charts show the last answer.</source>
      <translation>培训模式运行已取消;图表显示上一次的结果。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="383" />
      <source>{0} {1}: {2:,.4g} {3} (target {4} {5:g}), reached in {6:.0%} of runs</source>
      <translation>{0} {1}年:{2:,.4g} {3}(目标 {4} {5:g}),{6:.0%}的运行达到</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="389" />
      <source>; as written {0:,.4g}, {1:.0%}</source>
      <translation>;原设定 {0:,.4g},{1:.0%}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="395" />
      <source>Cumulative fiscal cost {0}–{1}: {2:,.0f} 100m yuan</source>
      <translation>{0}–{1}年累计财政成本:{2:,.0f} 亿元</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="398" />
      <source> (as written {0:,.0f}; {1:+,.0f})</source>
      <translation>(原设定 {0:,.0f};{1:+,.0f})</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="421" />
      <source>Refined with (runs)</source>
      <translation>细化结果的运行次数</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="422" />
      <source>Replicates of the refined answer (a quick answer with {0} comes first)</source>
      <translation>细化结果的重复次数(先以{0}次重复给出快速估算)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="424" />
      <source>Reset levers</source>
      <translation>重置杠杆</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="425" />
      <source>Large type</source>
      <translation>大字号</translation>
    </message>
    <message>
      <location filename="../../desktop/views/trainer.py" line="427" />
      <source>Move a lever: the charts follow. The file is not changed.</source>
      <translation>拖动杠杆,图表随之更新。情景文件不会被修改。</translation>
    </message>
  </context>
  <context>
    <name>UncertaintyTable</name>
    <message>
      <location filename="../../desktop/views/editor.py" line="488" />
      <source>Parameter</source>
      <translation>参数</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="488" />
      <source>Low</source>
      <translation>下限</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="488" />
      <source>High</source>
      <translation>上限</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="489" />
      <source>Unit and allowed range</source>
      <translation>单位与允许范围</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="490" />
      <source>Add range</source>
      <translation>添加范围</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="491" />
      <source>Remove range</source>
      <translation>删除范围</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="492" />
      <source>Add a range for a parameter not listed yet, fixed at its current value until you widen it</source>
      <translation>为尚未列出的参数添加范围(初始上下限均为其当前取值,请再放宽)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="494" />
      <source>Remove the selected range</source>
      <translation>删除所选范围</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="498" />
      <source>Each replicate draws these parameters uniformly between low and high, in place of the values set in the form.</source>
      <translation>每次重复运行时,这些参数在下限与上限之间均匀抽样,取代表单中设定的取值。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="502" />
      <source>Ranges of {0} are shown in grey: changing one writes an override into this file, and removing an override brings back the range of {0}. A range of {0} cannot be removed here; set low = high to fix the value.</source>
      <translation>灰色为继承自 {0} 的范围:修改后将作为覆盖值写入本文件;删除覆盖值则恢复 {0} 的范围。此处不能删除 {0} 的范围;如需固定取值,请将下限设为等于上限。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="540" />
      <source>From {0}; changing it writes an override into this file.</source>
      <translation>继承自 {0};修改后将作为覆盖值写入本文件。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/editor.py" line="666" />
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
    <message>
      <source>Showing the first {0} of the {1} ticked indicators; the yearly table lists all of them.</source>
      <translation>图中显示所勾选的 {1} 个指标中的前 {0} 个;逐年数据表列出全部指标。</translation>
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
  <context>
    <name>Export</name>
    <message>
      <source>Scenario</source>
      <translation>情景</translation>
    </message>
    <message>
      <source>Year</source>
      <translation>年份</translation>
    </message>
    <message>
      <source>mean</source>
      <translation>均值</translation>
    </message>
    <message>
      <source>5th percentile</source>
      <translation>第5百分位</translation>
    </message>
    <message>
      <source>95th percentile</source>
      <translation>第95百分位</translation>
    </message>
    <message>
      <source>Replicates (runs)</source>
      <translation>重复次数(运行次数)</translation>
    </message>
    <message>
      <source>Run number</source>
      <translation>运行编号</translation>
    </message>
    <message>
      <source>Random seed of the run</source>
      <translation>该次运行的随机数种子</translation>
    </message>
    <message>
      <source>Indicator</source>
      <translation>指标</translation>
    </message>
    <message>
      <source>Direction (at least / at most)</source>
      <translation>方向(不低于/不高于)</translation>
    </message>
    <message>
      <source>Target value</source>
      <translation>目标值</translation>
    </message>
    <message>
      <source>Simulated median</source>
      <translation>模拟中位数</translation>
    </message>
    <message>
      <source>Simulated 5th percentile</source>
      <translation>模拟第5百分位</translation>
    </message>
    <message>
      <source>Simulated 95th percentile</source>
      <translation>模拟第95百分位</translation>
    </message>
    <message>
      <source>Probability of reaching the target (share of runs)</source>
      <translation>达成目标的概率(达到目标的运行占比)</translation>
    </message>
    <message>
      <source>Interpretation of the plan (not a figure from it)</source>
      <translation>对规划的解读(非规划原文数字)</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <source>Cumulative fiscal cost from the first forecast year [100m yuan]</source>
      <translation>自预测首年起累计财政成本 [亿元]</translation>
    </message>
    <message>
      <source>Difference in R&amp;D intensity [percentage points]</source>
      <translation>R&amp;D经费投入强度差额 [百分点]</translation>
    </message>
    <message>
      <source>Difference in HNTE count [firms]</source>
      <translation>高新技术企业数差额 [家]</translation>
    </message>
    <message>
      <source>Difference in cumulative fiscal cost [100m yuan]</source>
      <translation>累计财政成本差额 [亿元]</translation>
    </message>
    <message>
      <source>Cost per extra HNTE [100m yuan]</source>
      <translation>每增加一家高企的成本 [亿元]</translation>
    </message>
    <message>
      <source>Cost per +0.1 point of R&amp;D intensity [100m yuan]</source>
      <translation>强度每提高0.1个百分点的成本 [亿元]</translation>
    </message>
    <message>
      <source>Probability of {0} {1} {2} (share of runs)</source>
      <translation>{0} {1} {2} 的概率(运行占比)</translation>
    </message>
    <message>
      <source>at least</source>
      <translation>不低于</translation>
    </message>
    <message>
      <source>at most</source>
      <translation>不高于</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>逐年汇总</translation>
    </message>
    <message>
      <source>Targets</source>
      <translation>目标</translation>
    </message>
    <message>
      <source>Runs</source>
      <translation>各次运行</translation>
    </message>
    <message>
      <source>Comparison</source>
      <translation>情景对比</translation>
    </message>
    <message>
      <source>5–95% of runs</source>
      <translation>5–95%的运行区间</translation>
    </message>
    <message>
      <source>plan target (P: share of runs reaching it)</source>
      <translation>规划目标(P:达到目标的运行占比)</translation>
    </message>
  </context>
  <context>
    <name>GoalSeek</name>
    <message>
      <source>Evaluated {0} lever values…</source>
      <translation>已评估 {0} 个杠杆取值…</translation>
    </message>
    <message>
      <source>Not reachable: even at {0} = {1:g} {2} (the top of its range), {3} holds in only {4:.0%} of {5} runs (asked: {6:.0%}).</source>
      <translation>无法达到:即使{0}取其上限 {1:g} {2},{3} 也仅在{5}次运行中的{4:.0%}达到(要求:{6:.0%})。</translation>
    </message>
    <message>
      <source>{0} {1} = {2:.4g} {3} is the smallest value for which {4} holds with probability at least {5:.0%} ({6:.0%} of {7} runs).</source>
      <translation>{0}({1}年)至少需要 {2:.4g} {3},才能使 {4} 的达成概率不低于{5:.0%}({7}次运行中{6:.0%}达到)。</translation>
    </message>
    <message>
      <source>Median cumulative fiscal cost {0}–{1}: {2:,.1f} 100m yuan, against {3:,.1f} at the scenario's own value {4:.4g} ({5:+,.1f}).</source>
      <translation>{0}–{1}年累计财政成本中位数:{2:,.1f} 亿元;情景原设定取值 {4:.4g} 时为 {3:,.1f} 亿元(差额 {5:+,.1f})。</translation>
    </message>
    <message>
      <source>Caution: the probability did not always rise with the lever; more replicates help.</source>
      <translation>注意:达成概率并非随杠杆单调上升;增加重复次数有助于得到更可靠的结果。</translation>
    </message>
    <message>
      <source>Choose a target and a lever, then Find.</source>
      <translation>选择目标和杠杆,然后点击“求解”。</translation>
    </message>
    <message>
      <source>evaluated values</source>
      <translation>已评估取值</translation>
    </message>
    <message>
      <source>required probability</source>
      <translation>要求的概率</translation>
    </message>
    <message>
      <source>answer</source>
      <translation>求解结果</translation>
    </message>
    <message>
      <source>scenario as written</source>
      <translation>情景原设定</translation>
    </message>
    <message>
      <source>probability of reaching the target (%)</source>
      <translation>达成目标的概率(%)</translation>
    </message>
    <message>
      <source>as written</source>
      <translation>原设定</translation>
    </message>
    <message>
      <source>at the answer</source>
      <translation>求解结果</translation>
    </message>
    <message>
      <source>Cannot seek</source>
      <translation>无法求解</translation>
    </message>
    <message>
      <source>Open a valid scenario first.</source>
      <translation>请先打开一个有效的情景。</translation>
    </message>
    <message>
      <source>Searching…</source>
      <translation>正在求解…</translation>
    </message>
    <message>
      <source>Cancelled; no answer.</source>
      <translation>已取消;没有结果。</translation>
    </message>
    <message>
      <source>The search stopped: {0}</source>
      <translation>求解中止:{0}</translation>
    </message>
    <message>
      <source>Done: {0} lever values evaluated, {1} runs each.</source>
      <translation>完成:共评估 {0} 个杠杆取值,每个运行 {1} 次。</translation>
    </message>
    <message>
      <source>What does it take?</source>
      <translation>需要多大力度?</translation>
    </message>
    <message>
      <source>Target (indicator, threshold, year)</source>
      <translation>目标(指标、阈值、年份)</translation>
    </message>
    <message>
      <source>Lever (set in the target's year)</source>
      <translation>杠杆(在目标年份设定)</translation>
    </message>
    <message>
      <source>Required probability</source>
      <translation>要求的达成概率</translation>
    </message>
    <message>
      <source>Replicates per value</source>
      <translation>每个取值的重复次数</translation>
    </message>
    <message>
      <source>Find</source>
      <translation>求解</translation>
    </message>
  </context>
  <context>
    <name>Trainer</name>
    <message>
      <source>Open a scenario and show this tab: the scenario as written is run first, then each lever you move.</source>
      <translation>打开一个情景并切换到本页:先运行情景原设定,再运行您拖动的每个杠杆。</translation>
    </message>
    <message>
      <source>Observed</source>
      <translation>观测值</translation>
    </message>
    <message>
      <source>Scenario as written</source>
      <translation>情景原设定</translation>
    </message>
    <message>
      <source>Previous position</source>
      <translation>上一位置</translation>
    </message>
    <message>
      <source>Levers as set (median, 5-95% band)</source>
      <translation>当前杠杆设定(中位数,5–95%区间)</translation>
    </message>
    <message>
      <source>Plan target</source>
      <translation>规划目标</translation>
    </message>
  </context>
</TS>