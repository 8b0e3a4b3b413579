#include "pageheading.h"

#include <QLabel>
#include <QVBoxLayout>

namespace vami {

PageHeading::PageHeading(QWidget *parent)
    : QWidget(parent)
{
    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_description = new QLabel(this);
    m_description->setForegroundRole(QPalette::PlaceholderText);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_title);
    layout->addWidget(m_description);
}

void PageHeading::setTitle(const QString &title)
{
    m_title->setText(title);
}

void PageHeading::setDescription(const QString &description)
{
    m_description->setText(description);
}

} // namespace vami
