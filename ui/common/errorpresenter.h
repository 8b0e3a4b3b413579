#pragma once

#include "core/error.h"

#include <QCoreApplication>
#include <QString>

class QWidget;

namespace vami {

// The one place the desktop turns a backend Error into words: the backend's
// message translated (context "vami"), the field details of a validation error,
// and a plain explanation for kinds whose message is not meant for people.
class ErrorPresenter
{
    Q_DECLARE_TR_FUNCTIONS(ErrorPresenter)

public:
    [[nodiscard]] static QString message(const Error &error);
    // The translated messages of the field errors for `field` (empty when none).
    [[nodiscard]] static QString fieldMessage(const Error &error, const QString &field);
    // Whether one of the error's fields is not in `shownFields` (so it must be shown elsewhere).
    [[nodiscard]] static bool hasOtherFields(const Error &error, const QStringList &shownFields);
    // Why the window went back to sign-in (the error that showed the session is over).
    [[nodiscard]] static QString sessionEndedMessage(const Error &reason);
    static void show(QWidget *parent, const QString &title, const Error &error);
};

} // namespace vami
