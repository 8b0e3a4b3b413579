#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace vami {

// Phone numbers as calls store them: E.164 ("+" and 9 to 15 ASCII digits, the first
// not 0).
//
// Input follows the contract's rule (spaces and hyphens are removed, then
// ^\+?1?\d{9,15}$ must match; anything else, parentheses, dots, letters or other
// scripts' digits included, is refused), and is then written in E.164:
//   "+..."            the digits as given: "+49 30 1234567" -> "+49301234567"
//   10 digits         a North American number: "212-555-0101" -> "+12125550101"
//   other digit runs  read as country code and number: "15551230000" -> "+15551230000"
// A result of more than 15 digits, or starting with 0, is refused.
class PhoneNumber
{
public:
    [[nodiscard]] static std::optional<QString> normalize(QStringView input);
};

} // namespace vami
