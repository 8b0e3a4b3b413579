#pragma once

#include "core/error.h"
#include "team/teammember.h"

#include <QDialog>

class QButtonGroup;
class QDialogButtonBox;
class QLabel;
class QRadioButton;

namespace vami {

class AppContext;
class FieldErrorLabel;

// Changes one member's role (admin or member; ownership is not given away here).
class ChangeRoleDialog : public QDialog
{
    Q_OBJECT

public:
    ChangeRoleDialog(AppContext &context, const TeamMember &member, QWidget *parent = nullptr);

    void accept() override;

Q_SIGNALS:
    void roleChanged(const vami::TeamMember &member);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void setBusy(bool busy);

    AppContext &m_context;
    TeamMember m_member;
    QLabel *m_intro = nullptr;
    QRadioButton *m_admin = nullptr;
    QRadioButton *m_memberRole = nullptr;
    QLabel *m_adminHint = nullptr;
    QLabel *m_memberHint = nullptr;
    FieldErrorLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_busy = false;
};

} // namespace vami
