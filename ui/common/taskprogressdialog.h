#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;

namespace vami {

class TaskHandle;
class TaskProgressWidget;

// A small window for long work (an import, an export, an upload): a line on what
// runs, its progress and Cancel. Escape or closing the window cancels too. It
// closes by itself when the task finishes (accepted) or is cancelled (rejected);
// when the task fails it stays open with the reason and a Close button.
//
//     TaskHandle *handle = m_context.startAsActor(this, work, done);
//     auto *dialog = new TaskProgressDialog(handle, tr("Importing members"), this);
//     dialog->setAttribute(Qt::WA_DeleteOnClose);
//     dialog->open();
class TaskProgressDialog : public QDialog
{
    Q_OBJECT

public:
    TaskProgressDialog(TaskHandle *handle, const QString &title, QWidget *parent = nullptr);

    [[nodiscard]] TaskProgressWidget *progress() const { return m_progress; }

    void reject() override;

private:
    void onEnded();

    TaskHandle *m_handle;
    TaskProgressWidget *m_progress = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace vami
