// libFuzzer target: the strict JSON parser and the schemas that validate request
// bodies. Whatever parses must validate (or be refused) without crashing, and a
// value the parser accepts must come out of QJsonDocument in a form it accepts again.

#include "json/schema.h"
#include "json/strictjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdlib>

using namespace Qt::StringLiterals;
using namespace vami;

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

const QList<Schema> &schemas()
{
    static const QList<Schema> all = {
        Schema::object()
            .property(u"email"_s, Schema::string().format(u"email"_s).maxLength(254), Schema::Required)
            .property(u"password"_s, Schema::string().format(u"password"_s).minLength(8).maxLength(128),
                      Schema::Required)
            .property(u"company_name"_s, Schema::string().maxLength(200).nullable())
            .alias(u"company_name"_s, u"companyName"_s),
        Schema::object()
            .property(u"role"_s, Schema::string().oneOf({u"owner"_s, u"admin"_s, u"member"_s}), Schema::Required)
            .property(u"user_id"_s, Schema::string().format(u"uuid"_s))
            .property(u"at"_s, Schema::string().format(u"date-time"_s)),
        Schema::array(Schema::integer().minimum(-10).maximum(1'000'000)).minItems(1).maxItems(50),
        Schema::object()
            .property(u"names"_s, Schema::array(Schema::string().minLength(1)).maxItems(20))
            .property(u"limits"_s, Schema::object().allowAdditional())
            .property(u"enabled"_s, Schema::boolean())
            .property(u"ratio"_s, Schema::number().defaultValue(1.0)),
        Schema::any(),
    };
    return all;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView text(reinterpret_cast<const char *>(data), qsizetype(size));
    StrictJsonLimits limits;
    limits.maxDepth = 32;
    limits.maxStringBytes = 4096;
    limits.maxElements = 2000;
    const auto parsed = parseStrictJson(text, limits);
    if (!parsed) {
        check(parsed.error().position >= 0 && parsed.error().position <= qsizetype(size));
        check(!parsed.error().reason.isEmpty());
        return 0;
    }
    for (const Schema &schema : schemas()) {
        const auto validated = schema.validate(*parsed);
        if (validated)
            check(validated->type() == parsed->type() || parsed->isNull());
        else
            check(validated.error().kind() == ErrorKind::Validation);
    }
    // What the parser accepted, written back out by Qt, is accepted again.
    if (parsed->isObject() || parsed->isArray()) {
        const QJsonDocument document = parsed->isObject() ? QJsonDocument(parsed->toObject())
                                                          : QJsonDocument(parsed->toArray());
        const QByteArray again = document.toJson(QJsonDocument::Compact);
        StrictJsonLimits relaxed = limits;
        relaxed.maxStringBytes = again.size() + 1;
        check(parseStrictJson(again, relaxed).has_value());
    }
    return 0;
}
