#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace vami {

class FieldErrorLabel;
class TaskHandle;

// Shows one TaskHandle: what is being done, a progress bar (moving to and fro while
// the work cannot tell how far it is) and a Cancel button. When the task fails it
// shows why; it can be placed in a dialog (TaskProgressDialog) or in a page.
class TaskProgressWidget : public QWidget
{
    Q_OBJECT

public:
    explicit TaskProgressWidget(QWidget *parent = nullptr);

    // Follows `handle` from now on (null: shows nothing).
    void setHandle(TaskHandle *handle);
    [[nodiscard]] TaskHandle *handle() const { return m_handle; }
    [[nodiscard]] QPushButton *cancelButton() const { return m_cancel; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void retranslate();

    QPointer<TaskHandle> m_handle;
    QLabel *m_text = nullptr;
    QProgressBar *m_bar = nullptr;
    FieldErrorLabel *m_error = nullptr;
    QPushButton *m_cancel = nullptr;
};

} // namespace vami
