#include "cardpage.h"

#include "appicon.h"

#include <QFormLayout>
#include <QFrame>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vami {

CardPage::CardPage(QWidget *parent)
    : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    outer->addStretch(1);

    auto *row = new QHBoxLayout;
    row->addStretch(1);
    auto *card = new QFrame(this);
    card->setObjectName(u"card"_s);
    card->setFrameShape(QFrame::StyledPanel);
    card->setAutoFillBackground(true);
    QPalette p = card->palette();
    p.setColor(QPalette::Window, p.color(QPalette::Base));
    card->setPalette(p);
    card->setMinimumWidth(440);
    card->setMaximumWidth(520);
    row->addWidget(card, 3);
    row->addStretch(1);
    outer->addLayout(row);

    m_card = new QVBoxLayout(card);
    m_card->setContentsMargins(32, 28, 32, 28);
    m_card->setSpacing(10);

    auto *logo = new QLabel(card);
    logo->setPixmap(AppIcon::pixmap(48));
    m_card->addWidget(logo, 0, Qt::AlignHCenter);

    m_title = new QLabel(card);
    m_title->setObjectName(u"pageTitle"_s);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setAlignment(Qt::AlignHCenter);
    m_card->addWidget(m_title);

    m_subtitle = new QLabel(card);
    m_subtitle->setWordWrap(true);
    m_subtitle->setAlignment(Qt::AlignHCenter);
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);
    m_card->addWidget(m_subtitle);
    m_card->addSpacing(8);

    m_form = new QFormLayout;
    m_form->setRowWrapPolicy(QFormLayout::WrapAllRows);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setVerticalSpacing(4);
    m_card->addLayout(m_form);

    outer->addSpacing(12);
    m_footerLayout = new QVBoxLayout;
    m_footer = new QLabel(this);
    m_footer->setObjectName(u"databaseFooter"_s);
    m_footer->setAlignment(Qt::AlignHCenter);
    m_footer->setForegroundRole(QPalette::PlaceholderText);
    m_footer->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_footerLayout->addWidget(m_footer);
    outer->addLayout(m_footerLayout);
    outer->addStretch(1);
}

QLabel *CardPage::addField(QWidget *field, QWidget *error)
{
    auto *label = new QLabel(this);
    label->setBuddy(field);
    auto *box = new QWidget(this);
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 6);
    v->setSpacing(2);
    v->addWidget(field);
    if (error)
        v->addWidget(error);
    m_form->addRow(label, box);
    return label;
}

void CardPage::setTitle(const QString &title)
{
    m_title->setText(title);
}

void CardPage::setSubtitle(const QString &subtitle)
{
    m_subtitle->setText(subtitle);
}

void CardPage::setFooter(const QString &footer)
{
    m_footer->setText(footer);
}

} // namespace vami
