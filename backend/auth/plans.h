#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace vami {

struct PlanFeature
{
    const char *key;
    QVariant value; // int or bool
};

// Subscription plan names, in the order of the original product.
[[nodiscard]] const QStringList &planNames();
[[nodiscard]] bool isKnownPlan(const QString &plan);
// The feature set a plan grants (the 21 keys of the original API, then the plural
// spellings its web client reads: email_confirmations, sms_confirmations).
// Unknown plans get the starter_trial set.
[[nodiscard]] QList<PlanFeature> planFeatures(const QString &plan);

} // namespace vami
