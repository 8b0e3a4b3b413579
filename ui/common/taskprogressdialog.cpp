#include "taskprogressdialog.h"

#include "taskhandle.h"
#include "taskprogresswidget.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vami {

TaskProgressDialog::TaskProgressDialog(TaskHandle *handle, const QString &title, QWidget *parent)
    : QDialog(parent)
    , m_handle(handle)
{
    setObjectName(u"taskProgressDialog"_s);
    setWindowTitle(title);
    setMinimumWidth(420);
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    m_progress = new TaskProgressWidget(this);
    layout->addWidget(m_progress);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_buttons->setObjectName(u"taskDialogButtons"_s);
    m_buttons->setVisible(false);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_progress->setHandle(handle);
    if (handle) {
        connect(handle, &TaskHandle::ended, this, &TaskProgressDialog::onEnded);
        // A handle that goes (its receiver closed) leaves nothing to show.
        connect(handle, &QObject::destroyed, this, [this] {
            m_handle = nullptr;
            QDialog::reject();
        });
    }
}

void TaskProgressDialog::onEnded()
{
    switch (m_handle->state()) {
    case TaskHandle::State::Finished:
        accept();
        break;
    case TaskHandle::State::Cancelled:
        QDialog::reject();
        break;
    case TaskHandle::State::Failed:
        m_buttons->button(QDialogButtonBox::Close)->setText(tr("Close"));
        m_buttons->setVisible(true);
        break;
    case TaskHandle::State::Running:
        break;
    }
}

// Escape, the window's close button and Cancel all ask the work to stop; the
// window closes once it has.
void TaskProgressDialog::reject()
{
    if (m_handle && m_handle->isRunning()) {
        m_handle->cancel();
        return;
    }
    QDialog::reject();
}

} // namespace vami
