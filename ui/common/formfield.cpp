#include "formfield.h"

#include <QPalette>

namespace vami {

FieldErrorLabel::FieldErrorLabel(QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(true);
    QPalette p = palette();
    p.setColor(QPalette::WindowText, QColor(0xb4, 0x23, 0x18));
    setPalette(p);
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.92);
    setFont(f);
    setVisible(false);
}

void FieldErrorLabel::setError(const QString &text)
{
    setText(text);
    setVisible(!text.isEmpty());
}

} // namespace vami
