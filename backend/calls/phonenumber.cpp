#include "phonenumber.h"

#include "calllimits.h"

using namespace Qt::StringLiterals;

namespace vami {

std::optional<QString> PhoneNumber::normalize(QStringView input)
{
    if (input.size() > CallLimits::MaxPhoneInputLength)
        return std::nullopt;
    QString digits;
    bool plus = false;
    for (qsizetype i = 0; i < input.size(); ++i) {
        const QChar c = input.at(i);
        if (c == u' ' || c == u'-')
            continue;
        if (c == u'+' && !plus && digits.isEmpty()) {
            plus = true;
            continue;
        }
        if (c < u'0' || c > u'9')
            return std::nullopt;
        digits += c;
    }
    // The contract's pattern, on what is left: an optional 1, then 9 to 15 digits.
    const qsizetype rest = digits.startsWith(u'1') ? digits.size() - 1 : digits.size();
    if (digits.size() < 9 || (digits.size() > 15 && rest > 15))
        return std::nullopt;
    if (!plus && digits.size() == 10)
        digits.prepend(u'1');
    if (digits.size() > 15 || digits.startsWith(u'0'))
        return std::nullopt;
    return u"+"_s + digits;
}

} // namespace vami
