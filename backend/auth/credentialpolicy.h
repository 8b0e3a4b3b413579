#pragma once

#include "core/error.h"

#include <QList>
#include <QString>

namespace vami {

// One password policy for registration, password change and reset (the original
// checked a weaker rule on change). In this order: at least 8 characters, at most
// 1024 bytes, an upper-case letter, a lower-case letter, a digit and one of
// !@#$%^&*(),.?":{}|<> . Returns the first rule broken, as a field error.
[[nodiscard]] QList<FieldError> checkPassword(const QString &password, const QString &field = QStringLiteral("password"));

// A plausible address of at most 254 characters.
[[nodiscard]] QList<FieldError> checkEmail(const QString &email, const QString &field = QStringLiteral("email"));

// Optional free text: at most `maxLength` characters, no control characters.
[[nodiscard]] QList<FieldError> checkText(const QString &text, const QString &field, int maxLength,
                                          bool required = false);

} // namespace vami
