#pragma once

#include "core/error.h"

#include <QCoreApplication>
#include <QFlags>
#include <QString>

#include <functional>

class QMessageBox;
class QWidget;

namespace vami {

class AppContext;
class FieldErrorLabel;

// Where a form shows the backend's errors for one request field: under its input,
// which takes the focus when it is the first with an error (none: focus stays).
struct FieldErrorSlot
{
    QString field; // the request's field name, as in the error's field details
    FieldErrorLabel *label = nullptr;
    QWidget *input = nullptr;
};

// What a person can do about an error, as offered next to its message.
enum class ErrorAction {
    None = 0,
    Retry = 0x1, // try the same thing again
    ReconnectDatabase = 0x2, // the database is gone: open it again or choose another
    OpenSettings = 0x4, // a provider's address or account needs checking
};
Q_DECLARE_FLAGS(ErrorActions, ErrorAction)
Q_DECLARE_OPERATORS_FOR_FLAGS(ErrorActions)

// Which part failed, told apart by the error's code family.
enum class ErrorSource {
    Input, // validation, business rules, permissions: the request itself
    Database, // storage.*: the database cannot be reached or used
    Provider, // net.*: a remote service (ElevenLabs, Twilio, a calendar) cannot be reached
    Service, // other Unavailable: a dependency such as the mail server
    Limit, // rate limits and quotas
    Defect, // Internal
};

// An error as it is shown: a headline, advice on what to do, and the actions to offer.
struct ErrorPresentation
{
    ErrorSource source = ErrorSource::Input;
    QString headline;
    QString advice; // may be empty
    ErrorActions actions;

    // Headline and advice in one paragraph (inline error labels, status bar).
    [[nodiscard]] QString text() const;
};

// What the caller of show() can offer besides the message.
struct ErrorOptions
{
    QString provider; // names the remote service in net.* errors ("ElevenLabs")
    std::function<void()> retry; // "Try Again", when the error suggests it
    std::function<void()> openSettings; // "Open Settings", for provider errors
    AppContext *context = nullptr; // "Reconnect Database…", handled by the window
};

// The one place the desktop turns a backend Error into words: the backend's
// message translated (context "vami"), the field details of a validation error, a
// database outage told apart from an unreachable provider (by code family:
// storage.*, net.*), and a plain explanation for kinds whose message is not meant
// for people.
class ErrorPresenter
{
    Q_DECLARE_TR_FUNCTIONS(vami::ErrorPresenter)

public:
    [[nodiscard]] static ErrorPresentation present(const Error &error, const QString &provider = QString());
    [[nodiscard]] static QString message(const Error &error, const QString &provider = QString());
    // The translated messages of the field errors for `field` (empty when none).
    [[nodiscard]] static QString fieldMessage(const Error &error, const QString &field);
    // Whether one of the error's fields is not in `shownFields` (so it must be shown elsewhere).
    [[nodiscard]] static bool hasOtherFields(const Error &error, const QStringList &shownFields);
    // Shows `error` on a form: each field's messages under its input, the rest
    // (another field, or an error that is not a validation error) in `formError`, and
    // the focus on the first input that has an error.
    static void showOnForm(const Error &error, const QList<FieldErrorSlot> &fields, FieldErrorLabel *formError);
    // Why the window went back to sign-in (the error that showed the session is over).
    [[nodiscard]] static QString sessionEndedMessage(const Error &reason);
    // A window-modal message box (no nested event loop) with the actions the error
    // suggests and the caller can offer.
    static QMessageBox *show(
        QWidget *parent, const QString &title, const Error &error, const ErrorOptions &options = ErrorOptions());
};

} // namespace vami
