"""Draw the application icon (assets/icons/innovsim.png, .ico, .icns) with QPainter; run once, commit the files.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "assets" / "icons"


def draw(size: int = 512) -> object:
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QImage, QLinearGradient, QPainter, QPainterPath, QPen

    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 512
    grad = QLinearGradient(0, 0, 0, size)
    grad.setColorAt(0, QColor("#1f5f8b"))
    grad.setColorAt(1, QColor("#0f3450"))
    p.setBrush(QBrush(grad))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(QRectF(16 * s, 16 * s, 480 * s, 480 * s), 96 * s, 96 * s)
    # a rising band (5-95 %) and its median: what the app draws
    band = QPainterPath(QPointF(80 * s, 380 * s))
    for x, y in ((180, 330), (280, 250), (380, 170), (432, 120)):
        band.lineTo(x * s, (y - 40) * s)
    for x, y in ((432, 120), (380, 170), (280, 250), (180, 330)):
        band.lineTo(x * s, (y + 40) * s)
    band.closeSubpath()
    p.setBrush(QColor(255, 200, 80, 110))
    p.drawPath(band)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(QColor("#ffc850"), 26 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
    line = QPainterPath(QPointF(80 * s, 380 * s))
    for x, y in ((180, 330), (280, 250), (380, 170), (432, 120)):
        line.lineTo(x * s, y * s)
    p.drawPath(line)
    # agents: a few dots
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    for x, y in ((110, 150), (170, 210), (230, 130), (140, 290), (330, 380), (400, 330)):
        p.drawEllipse(QPointF(x * s, y * s), 18 * s, 18 * s)
    p.end()
    return img


def main() -> None:
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication([])  # noqa: F841 (QPainter needs it)
    ICONS.mkdir(parents=True, exist_ok=True)
    png = ICONS / "innovsim.png"
    draw(512).save(str(png))
    im = Image.open(png)
    im.save(ICONS / "innovsim.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    im.save(ICONS / "innovsim.icns")
    print("wrote", *sorted(p.name for p in ICONS.iterdir()))


if __name__ == "__main__":
    main()
