#include "startuppage.h"

#include "common/appicon.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vami {

StartupPage::StartupPage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"startupPage"_s);
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    auto *logo = new QLabel(this);
    logo->setPixmap(AppIcon::pixmap(64));
    layout->addWidget(logo, 0, Qt::AlignHCenter);
    m_title = new QLabel(this);
    m_title->setObjectName(u"startupTitle"_s);
    QFont f = m_title->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    m_title->setFont(f);
    m_title->setAlignment(Qt::AlignHCenter);
    layout->addWidget(m_title);
    m_detail = new QLabel(this);
    m_detail->setObjectName(u"startupDetail"_s);
    m_detail->setWordWrap(true);
    m_detail->setAlignment(Qt::AlignHCenter);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setMaximumWidth(560);
    layout->addWidget(m_detail, 0, Qt::AlignHCenter);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_progress->setFixedWidth(240);
    layout->addWidget(m_progress, 0, Qt::AlignHCenter);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    m_retry = new QPushButton(this);
    m_retry->setObjectName(u"retryButton"_s);
    m_connect = new QPushButton(this);
    m_connect->setObjectName(u"connectDatabaseButton"_s);
    m_local = new QPushButton(this);
    m_local->setObjectName(u"useLocalButton"_s);
    buttons->addWidget(m_retry);
    buttons->addWidget(m_connect);
    buttons->addWidget(m_local);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    layout->addStretch(1);

    connect(m_retry, &QPushButton::clicked, this, &StartupPage::retryRequested);
    connect(m_connect, &QPushButton::clicked, this, &StartupPage::connectDatabaseRequested);
    connect(m_local, &QPushButton::clicked, this, &StartupPage::useLocalRequested);
    showOpening(QString());
}

void StartupPage::showOpening(const QString &database)
{
    m_database = database;
    m_failed = false;
    m_message.clear();
    retranslate();
}

void StartupPage::showFailure(const QString &database, const QString &message)
{
    m_database = database;
    m_failed = true;
    m_message = message;
    retranslate();
}

void StartupPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void StartupPage::retranslate()
{
    m_title->setText(m_failed ? tr("The database could not be opened") : tr("Opening the database…"));
    m_detail->setText(m_failed ? tr("%1\n\n%2").arg(m_database, m_message) : m_database);
    m_progress->setVisible(!m_failed);
    m_retry->setVisible(m_failed);
    m_connect->setVisible(m_failed);
    m_local->setVisible(m_failed);
    m_retry->setText(tr("Try again"));
    m_connect->setText(tr("Connect to PostgreSQL…"));
    m_local->setText(tr("Use the local database"));
}

} // namespace vami
