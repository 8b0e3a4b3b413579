#include "errorpresenter.h"

#include <QMessageBox>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace vami {

QString ErrorPresenter::message(const Error &error)
{
    switch (error.kind()) {
    case ErrorKind::Internal:
        return tr("Something went wrong inside Vami. The details were written to the log.");
    case ErrorKind::Unavailable:
        return tr("The database cannot be reached right now: %1").arg(error.translatedMessage());
    case ErrorKind::Validation: {
        QStringList lines {error.translatedMessage()};
        for (const FieldError &field : error.fields())
            lines.append(u"• "_s + field.translatedText());
        return lines.join(u'\n');
    }
    default:
        return error.translatedMessage();
    }
}

QString ErrorPresenter::fieldMessage(const Error &error, const QString &field)
{
    QStringList texts;
    for (const FieldError &f : error.fields()) {
        if (f.field == field)
            texts.append(f.translatedText());
    }
    return texts.join(u' ');
}

bool ErrorPresenter::hasOtherFields(const Error &error, const QStringList &shownFields)
{
    for (const FieldError &f : error.fields()) {
        if (!shownFields.contains(f.field))
            return true;
    }
    return false;
}

QString ErrorPresenter::sessionEndedMessage(const Error &reason)
{
    if (reason.code() == u"auth.membership_inactive"_s)
        return tr("Your membership in this organization is no longer active, so you were signed out.");
    return tr("Your session has ended: you signed out elsewhere, it expired, or your access was removed. "
              "Please sign in again.");
}

void ErrorPresenter::show(QWidget *parent, const QString &title, const Error &error)
{
    // Window-modal without a nested event loop: the caller's code goes on at once.
    auto *box = new QMessageBox(error.kind() == ErrorKind::Internal ? QMessageBox::Critical : QMessageBox::Warning,
        title, message(error), QMessageBox::Ok, parent);
    box->setObjectName(u"errorMessageBox"_s);
    box->button(QMessageBox::Ok)->setText(tr("OK"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace vami
