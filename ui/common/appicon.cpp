#include "appicon.h"

#include <QImageReader>
#include <QLinearGradient>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

bool svgSupported()
{
    static const bool supported = QImageReader::supportedImageFormats().contains("svg");
    return supported;
}

// Paints vami.svg (viewBox 256x256) at `size` pixels.
QPixmap painted(int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / 256.0, size / 256.0);
    QLinearGradient bg(8, 8, 248, 248);
    bg.setColorAt(0, QColor(0x4f, 0x46, 0xe5));
    bg.setColorAt(1, QColor(0x2a, 0x2f, 0x8f));
    p.setPen(Qt::NoPen);
    p.setBrush(bg);
    p.drawRoundedRect(QRectF(8, 8, 240, 240), 52, 52);
    struct Bar
    {
        qreal x, y, h, opacity;
    };
    const Bar bars[]
        = {{42, 60, 136, 1.0}, {80, 84, 112, 0.92}, {116, 120, 76, 0.85}, {152, 84, 112, 0.92}, {190, 60, 136, 1.0}};
    for (const Bar &bar : bars) {
        p.setOpacity(bar.opacity);
        p.setBrush(Qt::white);
        p.drawRoundedRect(QRectF(bar.x, bar.y, 24, bar.h), 12, 12);
    }
    p.setOpacity(1.0);
    p.setBrush(QColor(0xa5, 0xf3, 0xfc));
    p.drawEllipse(QPointF(128, 82), 14, 14);
    return pixmap;
}

} // namespace

QIcon AppIcon::icon()
{
    if (svgSupported())
        return QIcon(u":/icons/vami.svg"_s);
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64, 128, 256})
        icon.addPixmap(painted(size));
    return icon;
}

QPixmap AppIcon::pixmap(int size)
{
    if (svgSupported())
        return QIcon(u":/icons/vami.svg"_s).pixmap(size, size);
    return painted(size);
}

} // namespace vami
