#pragma once

#include "userstatus.h"

#include <QDateTime>
#include <QString>
#include <QUuid>

namespace vami {

// A person who can sign in. E-mail addresses are stored trimmed and lower-cased.
struct User
{
    QUuid id;
    QString email;
    QString fullName;
    QString companyName;
    QString avatarUrl;
    QString phoneNumber;
    QString timezone = QStringLiteral("UTC");
    QString language = QStringLiteral("en");
    QString plan = QStringLiteral("starter_trial");
    QString subscriptionStatus = QStringLiteral("incomplete");
    QString stripeCustomerId;
    QString stripeSubscriptionId;
    QDateTime currentPeriodEnd;
    UserStatus status = UserStatus::Active;
    int tokenVersion = 0;
    // The address was proven by a link sent to it (the invitation e-mail or a
    // password reset); not for registered accounts or ones made from a copied link.
    bool emailVerified = false;
    QUuid defaultOrganizationId;
    QDateTime lastActiveAt;
    QDateTime createdAt;
    QDateTime updatedAt;
};

// Trimmed and lower-cased, the form addresses are stored and compared in.
[[nodiscard]] QString normalizedEmail(const QString &email);

} // namespace vami
