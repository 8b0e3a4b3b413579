#include "errorpresenter.h"

#include "appcontext.h"
#include "formfield.h"

#include <QMessageBox>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

bool inFamily(const Error &error, QStringView family)
{
    return error.code().startsWith(family);
}

} // namespace

QString ErrorPresentation::text() const
{
    return advice.isEmpty() ? headline : headline + u' ' + advice;
}

ErrorPresentation ErrorPresenter::present(const Error &error, const QString &provider)
{
    ErrorPresentation p;
    switch (error.kind()) {
    case ErrorKind::Internal:
        p.source = ErrorSource::Defect;
        p.headline = tr("Something went wrong inside Vami. The details were written to the log.");
        return p;
    case ErrorKind::Validation: {
        QStringList lines {error.translatedMessage()};
        for (const FieldError &field : error.fields())
            lines.append(u"• "_s + field.translatedText());
        p.headline = lines.join(u'\n');
        return p;
    }
    case ErrorKind::RateLimited:
    case ErrorKind::QuotaExceeded:
        if (!inFamily(error, u"net.")) {
            p.source = ErrorSource::Limit;
            p.headline = error.translatedMessage();
            return p;
        }
        break;
    default:
        break;
    }

    // The outbound HTTP client's errors: a remote service, named by the caller.
    if (inFamily(error, u"net.")) {
        const QString name = provider.isEmpty() ? tr("The remote service") : provider;
        p.source = ErrorSource::Provider;
        const QString &code = error.code();
        if (code == u"net.rate_limited"_s) {
            p.source = ErrorSource::Limit;
            p.headline = tr("%1 is receiving too many requests.").arg(name);
            const int seconds = error.retryAfterSeconds();
            p.advice = seconds <= 0 ? tr("Try again later.")
                : seconds == 1      ? tr("Try again in 1 second.")
                                    : tr("Try again in %1 seconds.").arg(seconds);
            p.actions = ErrorAction::Retry;
        } else if (code == u"net.server_error"_s) {
            p.headline = tr("%1 is not working properly right now.").arg(name);
            p.advice = tr("It answered with a server error. Try again later.");
            p.actions = ErrorAction::Retry;
        } else if (code == u"net.tls_failed"_s) {
            p.headline = tr("A secure connection to %1 cannot be made.").arg(name);
            p.advice = tr("Check its address in Settings.");
            p.actions = ErrorAction::OpenSettings;
        } else if (code == u"net.target_forbidden"_s || code == u"net.url_refused"_s || code == u"net.redirect"_s) {
            p.headline = tr("The address configured for %1 cannot be used.").arg(name);
            p.advice = tr("Check it in Settings.");
            p.actions = ErrorAction::OpenSettings;
        } else if (code == u"net.client_error"_s) {
            p.headline = tr("%1 refused the request.").arg(name);
            p.advice = tr("Check the account and the credentials in Settings.");
            p.actions = ErrorAction::OpenSettings;
        } else if (code == u"net.too_large"_s || code == u"net.bad_reply"_s) {
            p.headline = tr("%1 sent an answer Vami cannot use.").arg(name);
            p.advice = tr("Try again later, or check its address in Settings.");
            p.actions = ErrorAction::Retry | ErrorAction::OpenSettings;
        } else if (code == u"net.cancelled"_s) {
            p.headline = tr("The request to %1 was cancelled.").arg(name);
        } else {
            // Timeouts, names that do not resolve, refused and lost connections.
            p.headline = tr("%1 cannot be reached.").arg(name);
            p.advice = tr("Check the internet connection; the service may also be down. Try again later.");
            p.actions = ErrorAction::Retry;
        }
        return p;
    }

    // The database: unreachable, busy, or not one this Vami can use.
    if (inFamily(error, u"storage.")) {
        p.source = ErrorSource::Database;
        const QString &code = error.code();
        if (code == u"storage.unavailable"_s) {
            p.headline = tr("The database cannot be reached.");
            p.advice = tr("Check the connection to the database server, or the disk that holds the database file. "
                          "Then try again, or reconnect the database.");
            p.actions = ErrorAction::Retry | ErrorAction::ReconnectDatabase;
        } else if (code == u"storage.busy"_s || code == u"storage.retry"_s) {
            p.headline = tr("The database is busy.");
            p.advice = tr("Someone else is writing to it. Try again in a moment.");
            p.actions = ErrorAction::Retry;
        } else {
            p.headline = error.translatedMessage();
            p.advice = tr("Open another database, or ask your administrator.");
            p.actions = ErrorAction::ReconnectDatabase;
        }
        return p;
    }

    // The database's secret is not configured here: trying again cannot help.
    if (error.code() == u"agents.token_key_missing"_s) {
        p.source = ErrorSource::Service;
        p.headline = error.translatedMessage();
        p.advice = tr("On a shared database, connect again and enter the servers' secret. On the local "
                      "database, make sure the system keychain is available, then restart Vami.");
        p.actions = ErrorAction::ReconnectDatabase;
        return p;
    }

    if (error.kind() == ErrorKind::Unavailable) {
        p.source = ErrorSource::Service;
        p.headline = error.translatedMessage();
        p.advice = tr("Try again in a moment.");
        p.actions = ErrorAction::Retry;
        return p;
    }

    p.headline = error.translatedMessage();
    return p;
}

QString ErrorPresenter::message(const Error &error, const QString &provider)
{
    return present(error, provider).text();
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

void ErrorPresenter::showOnForm(const Error &error, const QList<FieldErrorSlot> &fields, FieldErrorLabel *formError)
{
    QStringList shown;
    for (const FieldErrorSlot &slot : fields) {
        slot.label->setError(fieldMessage(error, slot.field));
        shown.append(slot.field);
    }
    if (error.kind() != ErrorKind::Validation || hasOtherFields(error, shown))
        formError->setError(message(error));
    for (const FieldErrorSlot &slot : fields) {
        if (slot.label->hasError() && slot.input) {
            slot.input->setFocus();
            break;
        }
    }
}

QString ErrorPresenter::sessionEndedMessage(const Error &reason)
{
    if (reason.code() == u"auth.membership_inactive"_s)
        return tr("Your membership in this organization is no longer active, so you were signed out.");
    return tr("Your session has ended: you signed out elsewhere, it expired, or your access was removed. "
              "Please sign in again.");
}

QMessageBox *ErrorPresenter::show(
    QWidget *parent, const QString &title, const Error &error, const ErrorOptions &options)
{
    const ErrorPresentation p = present(error, options.provider);
    // Window-modal without a nested event loop: the caller's code goes on at once.
    auto *box = new QMessageBox(
        p.source == ErrorSource::Defect ? QMessageBox::Critical : QMessageBox::Warning, title, p.headline,
        QMessageBox::NoButton, parent);
    box->setObjectName(u"errorMessageBox"_s);
    box->setInformativeText(p.advice);
    box->setAttribute(Qt::WA_DeleteOnClose);

    // Each offered action runs after the box has closed.
    auto offer = [box](const QString &name, const QString &text, std::function<void()> action) {
        QPushButton *button = box->addButton(text, QMessageBox::AcceptRole);
        button->setObjectName(name);
        QObject::connect(button, &QPushButton::clicked, box, [action = std::move(action)] { action(); });
        return button;
    };
    QPushButton *first = nullptr;
    if (p.actions.testFlag(ErrorAction::Retry) && options.retry)
        first = offer(u"retryButton"_s, tr("Try Again"), options.retry);
    if (p.actions.testFlag(ErrorAction::ReconnectDatabase) && options.context) {
        AppContext *context = options.context;
        QPushButton *b = offer(u"reconnectDatabaseButton"_s, tr("Reconnect Database…"),
            [context] { context->requestDatabaseReconnect(); });
        first = first ? first : b;
    }
    if (p.actions.testFlag(ErrorAction::OpenSettings) && options.openSettings) {
        QPushButton *b = offer(u"openSettingsButton"_s, tr("Open Settings"), options.openSettings);
        first = first ? first : b;
    }
    QPushButton *close = box->addButton(first ? tr("Close") : tr("OK"), QMessageBox::RejectRole);
    close->setObjectName(u"closeButton"_s);
    box->setDefaultButton(first ? first : close);
    box->setEscapeButton(close);
    box->open();
    return box;
}

} // namespace vami
