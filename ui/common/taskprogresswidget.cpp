#include "taskprogresswidget.h"

#include "errorpresenter.h"
#include "formfield.h"
#include "taskhandle.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace vami {

TaskProgressWidget::TaskProgressWidget(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"taskProgress"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    m_text = new QLabel(this);
    m_text->setObjectName(u"taskProgressText"_s);
    m_text->setWordWrap(true);
    layout->addWidget(m_text);
    auto *row = new QHBoxLayout;
    row->setSpacing(10);
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(u"taskProgressBar"_s);
    m_bar->setMinimumWidth(260);
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(u"taskCancelButton"_s);
    row->addWidget(m_bar, 1);
    row->addWidget(m_cancel);
    layout->addLayout(row);
    m_error = new FieldErrorLabel(this);
    m_error->setObjectName(u"taskError"_s);
    layout->addWidget(m_error);

    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_handle)
            m_handle->cancel();
    });
    retranslate();
}

void TaskProgressWidget::setHandle(TaskHandle *handle)
{
    if (m_handle)
        m_handle->disconnect(this);
    m_handle = handle;
    if (handle) {
        connect(handle, &TaskHandle::progressChanged, this, &TaskProgressWidget::refresh);
        connect(handle, &TaskHandle::cancelRequestedChanged, this, &TaskProgressWidget::refresh);
        connect(handle, &TaskHandle::ended, this, &TaskProgressWidget::refresh);
        connect(handle, &QObject::destroyed, this, &TaskProgressWidget::refresh);
    }
    refresh();
}

void TaskProgressWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void TaskProgressWidget::retranslate()
{
    refresh();
}

void TaskProgressWidget::refresh()
{
    const TaskHandle *handle = m_handle;
    const bool running = handle && handle->isRunning();
    const bool cancelling = running && handle->cancelRequested();
    const int percent = handle ? handle->percent() : 0;
    if (running && percent < 0) {
        m_bar->setRange(0, 0);
    } else {
        m_bar->setRange(0, 100);
        m_bar->setValue(std::max(percent, 0));
    }
    m_bar->setVisible(!handle || handle->state() != TaskHandle::State::Failed);

    QString text = handle ? handle->text() : QString();
    if (cancelling)
        text = tr("Cancelling…");
    else if (handle && handle->state() == TaskHandle::State::Cancelled)
        text = tr("Cancelled.");
    else if (handle && handle->state() == TaskHandle::State::Finished && text.isEmpty())
        text = tr("Done.");
    m_text->setText(text);
    m_text->setVisible(!text.isEmpty());
    m_error->setError(
        handle && handle->state() == TaskHandle::State::Failed ? ErrorPresenter::message(handle->error()) : QString());

    m_cancel->setText(cancelling ? tr("Cancelling…") : tr("Cancel"));
    m_cancel->setEnabled(running && !cancelling);
    m_cancel->setVisible(running);
}

} // namespace vami
