#include "schema.h"

#include "core/ids.h"
#include "core/instant.h"

#include <QHash>
#include <QJsonArray>
#include <QMap>
#include <QSet>
#include <QUrl>

#include <cmath>

using namespace Qt::StringLiterals;

namespace vami {

class SchemaData : public QSharedData
{
public:
    Schema::Type type = Schema::Type::Any;
    QString refName;
    QString description;
    QString format;
    bool nullable = false;
    bool additional = false;
    std::optional<qint64> minLength, maxLength, minimum, maximum, minItems, maxItems;
    QStringList enumValues;
    QJsonValue example = QJsonValue(QJsonValue::Undefined);
    QJsonValue defaultValue = QJsonValue(QJsonValue::Undefined);
    QList<std::pair<QString, Schema>> properties;
    QSet<QString> required;
    QList<std::pair<QString, QString>> aliases; // property, alternate name
    QList<Schema> items;                         // zero or one element (arrays)
    QList<Schema> alternatives;                  // anyOf: the value matches one of them
};

class SchemaAccess
{
public:
    static const SchemaData &data(const Schema &schema) { return *schema.d; }
};

namespace {

QString typeName(Schema::Type type)
{
    switch (type) {
    case Schema::Type::String: return u"string"_s;
    case Schema::Type::Integer: return u"integer"_s;
    case Schema::Type::Number: return u"number"_s;
    case Schema::Type::Boolean: return u"boolean"_s;
    case Schema::Type::Object: return u"object"_s;
    case Schema::Type::Array: return u"array"_s;
    case Schema::Type::Any:
    case Schema::Type::Ref: break;
    }
    return {};
}

QString joinPath(const QString &base, const QString &name)
{
    return base.isEmpty() ? name : base + u'.' + name;
}

QString quotedChoices(const QStringList &values)
{
    QStringList quoted;
    for (const QString &v : values)
        quoted << u"'"_s + v + u"'"_s;
    if (quoted.size() <= 1)
        return quoted.join(QString());
    const QString last = quoted.takeLast();
    return quoted.join(u", "_s) + u" or "_s + last;
}

qsizetype codePoints(const QString &s)
{
    qsizetype n = s.size();
    for (const QChar c : s) {
        if (c.isLowSurrogate())
            --n;
    }
    return n;
}

struct Validator
{
    QList<FieldError> errors;
    bool brokenRef = false;
    QString brokenRefName;

    void add(const QString &path, const char *code, const char *message, const QStringList &args,
             const QJsonValue &input, bool secret)
    {
        errors.append(FieldError{path, QString::fromLatin1(code), message, args,
                                 secret ? QJsonValue(QJsonValue::Undefined) : input});
    }

    QJsonValue check(const Schema &, const SchemaData &d, const QJsonValue &in, const QString &path,
                     bool secret, int depth)
    {
        if (depth > 64) {
            add(path, "value_error", QT_TRANSLATE_NOOP("vami", "Input is nested too deeply"), {}, {}, true);
            return in;
        }
        const bool isSecret = secret || d.format == u"password"_s;
        if (d.type == Schema::Type::Ref) {
            const Schema *target = SchemaRegistry::find(d.refName);
            if (!target) {
                brokenRef = true;
                brokenRefName = d.refName;
                return in;
            }
            if (in.isNull() && d.nullable)
                return in;
            return check(*target, SchemaAccess::data(*target), in, path, isSecret, depth + 1);
        }
        if (!d.alternatives.isEmpty()) {
            if (in.isNull() && d.nullable)
                return in;
            QList<FieldError> firstErrors;
            for (const Schema &alternative : d.alternatives) {
                Validator attempt;
                const QJsonValue out = attempt.check(alternative, SchemaAccess::data(alternative), in, path, isSecret,
                                                     depth + 1);
                if (attempt.brokenRef) {
                    brokenRef = true;
                    brokenRefName = attempt.brokenRefName;
                }
                if (attempt.errors.isEmpty())
                    return out;
                if (firstErrors.isEmpty())
                    firstErrors = attempt.errors;
            }
            errors += firstErrors;
            return in;
        }
        if (in.isNull() || in.isUndefined()) {
            if (d.nullable || d.type == Schema::Type::Any)
                return in;
        }
        switch (d.type) {
        case Schema::Type::Any:
        case Schema::Type::Ref: return in;
        case Schema::Type::String: {
            if (!in.isString()) {
                add(path, "string_type", QT_TRANSLATE_NOOP("vami", "Input should be a valid string"), {}, in, isSecret);
                return in;
            }
            const QString s = in.toString();
            const qsizetype length = codePoints(s);
            if (d.minLength && length < *d.minLength)
                add(path, "string_too_short",
                    *d.minLength == 1 ? QT_TRANSLATE_NOOP("vami", "String should have at least %1 character")
                                      : QT_TRANSLATE_NOOP("vami", "String should have at least %1 characters"),
                    {QString::number(*d.minLength)}, in, isSecret);
            if (d.maxLength && length > *d.maxLength)
                add(path, "string_too_long",
                    *d.maxLength == 1 ? QT_TRANSLATE_NOOP("vami", "String should have at most %1 character")
                                      : QT_TRANSLATE_NOOP("vami", "String should have at most %1 characters"),
                    {QString::number(*d.maxLength)}, isSecret ? QJsonValue() : QJsonValue(s.left(100)), isSecret);
            if (!d.enumValues.isEmpty() && !d.enumValues.contains(s))
                add(path, "enum", QT_TRANSLATE_NOOP("vami", "Input should be %1"), {quotedChoices(d.enumValues)}, in,
                    isSecret);
            if (d.format == u"email"_s && !isPlausibleEmail(s))
                add(path, "value_error", QT_TRANSLATE_NOOP("vami", "value is not a valid email address"), {}, in,
                    isSecret);
            else if (d.format == u"uuid"_s && !parseId(s))
                add(path, "uuid_parsing", QT_TRANSLATE_NOOP("vami", "Input should be a valid UUID"), {}, in, isSecret);
            else if (d.format == u"date-time"_s && !parseInstant(s))
                add(path, "datetime_parsing", QT_TRANSLATE_NOOP("vami", "Input should be a valid datetime"), {}, in,
                    isSecret);
            return in;
        }
        case Schema::Type::Integer: {
            if (!in.isDouble()) {
                add(path, "int_type", QT_TRANSLATE_NOOP("vami", "Input should be a valid integer"), {}, in, isSecret);
                return in;
            }
            const double v = in.toDouble();
            if (v != std::floor(v)) {
                add(path, "int_from_float",
                    QT_TRANSLATE_NOOP("vami", "Input should be a valid integer, got a number with a fractional part"),
                    {}, in, isSecret);
                return in;
            }
            checkBounds(d, v, in, path, isSecret);
            return in;
        }
        case Schema::Type::Number: {
            if (!in.isDouble()) {
                add(path, "float_type", QT_TRANSLATE_NOOP("vami", "Input should be a valid number"), {}, in, isSecret);
                return in;
            }
            checkBounds(d, in.toDouble(), in, path, isSecret);
            return in;
        }
        case Schema::Type::Boolean:
            if (!in.isBool())
                add(path, "bool_type", QT_TRANSLATE_NOOP("vami", "Input should be a valid boolean"), {}, in, isSecret);
            return in;
        case Schema::Type::Array: {
            if (!in.isArray()) {
                add(path, "list_type", QT_TRANSLATE_NOOP("vami", "Input should be a valid list"), {}, in, isSecret);
                return in;
            }
            const QJsonArray array = in.toArray();
            const qsizetype n = array.size();
            if (d.minItems && n < *d.minItems)
                add(path, "too_short",
                    *d.minItems == 1
                        ? QT_TRANSLATE_NOOP("vami", "List should have at least %1 item after validation, not %2")
                        : QT_TRANSLATE_NOOP("vami", "List should have at least %1 items after validation, not %2"),
                    {QString::number(*d.minItems), QString::number(n)}, QJsonValue(), true);
            if (d.maxItems && n > *d.maxItems) {
                add(path, "too_long",
                    *d.maxItems == 1
                        ? QT_TRANSLATE_NOOP("vami", "List should have at most %1 item after validation, not %2")
                        : QT_TRANSLATE_NOOP("vami", "List should have at most %1 items after validation, not %2"),
                    {QString::number(*d.maxItems), QString::number(n)}, QJsonValue(), true);
                return in;
            }
            if (d.items.isEmpty())
                return in;
            QJsonArray out;
            const Schema &items = d.items.first();
            for (qsizetype i = 0; i < n; ++i)
                out.append(check(items, SchemaAccess::data(items), array.at(i), joinPath(path, QString::number(i)), isSecret,
                                 depth + 1));
            return out;
        }
        case Schema::Type::Object: {
            if (!in.isObject()) {
                add(path, "dict_type", QT_TRANSLATE_NOOP("vami", "Input should be a valid dictionary"), {}, in,
                    isSecret);
                return in;
            }
            QJsonObject object = in.toObject();
            for (const auto &[property, alternate] : d.aliases) {
                if (!object.contains(alternate))
                    continue;
                if (object.contains(property)) {
                    add(joinPath(path, alternate), "value_error",
                        QT_TRANSLATE_NOOP("vami", "Only one of %1 and %2 may be given"), {property, alternate},
                        QJsonValue(), true);
                    continue;
                }
                object.insert(property, object.take(alternate));
            }
            QHash<QString, const Schema *> declared;
            for (const auto &[name, propertySchema] : d.properties)
                declared.insert(name, &propertySchema);
            QJsonObject out;
            for (auto it = object.begin(); it != object.end(); ++it) {
                const Schema *property = declared.value(it.key());
                if (!property) {
                    bool isAlias = false;
                    for (const auto &alias : d.aliases)
                        isAlias = isAlias || alias.second == it.key();
                    if (!d.additional && !isAlias)
                        add(joinPath(path, it.key()), "extra_forbidden",
                            QT_TRANSLATE_NOOP("vami", "Extra inputs are not permitted"), {}, it.value(), isSecret);
                    else if (d.additional)
                        out.insert(it.key(), it.value());
                    continue;
                }
                out.insert(it.key(), check(*property, SchemaAccess::data(*property), it.value(), joinPath(path, it.key()),
                                           isSecret, depth + 1));
            }
            for (const auto &[name, propertySchema] : d.properties) {
                Q_UNUSED(propertySchema)
                if (d.required.contains(name) && !object.contains(name))
                    add(joinPath(path, name), "missing", QT_TRANSLATE_NOOP("vami", "Field required"), {}, QJsonValue(),
                        true);
            }
            return out;
        }
        }
        return in;
    }

    void checkBounds(const SchemaData &d, double v, const QJsonValue &in, const QString &path, bool secret)
    {
        if (d.minimum && v < double(*d.minimum))
            add(path, "greater_than_equal", QT_TRANSLATE_NOOP("vami", "Input should be greater than or equal to %1"),
                {QString::number(*d.minimum)}, in, secret);
        if (d.maximum && v > double(*d.maximum))
            add(path, "less_than_equal", QT_TRANSLATE_NOOP("vami", "Input should be less than or equal to %1"),
                {QString::number(*d.maximum)}, in, secret);
    }
};

QMap<QString, Schema> &registry()
{
    static QMap<QString, Schema> schemas;
    return schemas;
}

} // namespace

Schema::Schema()
    : d(new SchemaData)
{
}

Schema::Schema(Type type)
    : d(new SchemaData)
{
    d->type = type;
}

Schema::Schema(const Schema &other) = default;
Schema &Schema::operator=(const Schema &other) = default;
Schema::~Schema() = default;

Schema Schema::any() { return Schema(Type::Any); }

Schema Schema::anyOf(const QList<Schema> &alternatives)
{
    Schema schema(Type::Any);
    schema.d->alternatives = alternatives;
    return schema;
}
Schema Schema::string() { return Schema(Type::String); }
Schema Schema::integer() { return Schema(Type::Integer); }
Schema Schema::number() { return Schema(Type::Number); }
Schema Schema::boolean() { return Schema(Type::Boolean); }
Schema Schema::object() { return Schema(Type::Object); }

Schema Schema::array(const Schema &items)
{
    Schema s(Type::Array);
    s.d->items = {items};
    return s;
}

Schema Schema::ref(const QString &componentName)
{
    Schema s(Type::Ref);
    s.d->refName = componentName;
    return s;
}

#define VAMI_SCHEMA_MODIFIER(signature, statement)                                                                     \
    Schema Schema::signature const                                                                                     \
    {                                                                                                                  \
        Schema s(*this);                                                                                               \
        statement;                                                                                                     \
        return s;                                                                                                      \
    }

VAMI_SCHEMA_MODIFIER(describe(const QString &text), s.d->description = text)
VAMI_SCHEMA_MODIFIER(nullable(bool allowNull), s.d->nullable = allowNull)
VAMI_SCHEMA_MODIFIER(format(const QString &name), s.d->format = name)
VAMI_SCHEMA_MODIFIER(minLength(int length), s.d->minLength = length)
VAMI_SCHEMA_MODIFIER(maxLength(int length), s.d->maxLength = length)
VAMI_SCHEMA_MODIFIER(minimum(qint64 value), s.d->minimum = value)
VAMI_SCHEMA_MODIFIER(maximum(qint64 value), s.d->maximum = value)
VAMI_SCHEMA_MODIFIER(minItems(int count), s.d->minItems = count)
VAMI_SCHEMA_MODIFIER(maxItems(int count), s.d->maxItems = count)
VAMI_SCHEMA_MODIFIER(oneOf(const QStringList &values), s.d->enumValues = values)
VAMI_SCHEMA_MODIFIER(example(const QJsonValue &value), s.d->example = value)
VAMI_SCHEMA_MODIFIER(defaultValue(const QJsonValue &value), s.d->defaultValue = value)
VAMI_SCHEMA_MODIFIER(allowAdditional(bool allow), s.d->additional = allow)
VAMI_SCHEMA_MODIFIER(alias(const QString &propertyName, const QString &alternateName),
                     s.d->aliases.append({propertyName, alternateName}))

#undef VAMI_SCHEMA_MODIFIER

Schema Schema::property(const QString &name, const Schema &schema, Requirement requirement) const
{
    Schema s(*this);
    for (auto &entry : s.d->properties) {
        if (entry.first == name) {
            entry.second = schema;
            if (requirement == Required)
                s.d->required.insert(name);
            else
                s.d->required.remove(name);
            return s;
        }
    }
    s.d->properties.append({name, schema});
    if (requirement == Required)
        s.d->required.insert(name);
    return s;
}

Schema::Type Schema::type() const { return d->type; }
QString Schema::refName() const { return d->refName; }
QString Schema::description() const { return d->description; }
bool Schema::isNullable() const { return d->nullable; }

QStringList Schema::propertyNames() const
{
    QStringList names;
    for (const auto &entry : d->properties)
        names.append(entry.first);
    return names;
}

Schema Schema::propertySchema(const QString &name) const
{
    for (const auto &entry : d->properties) {
        if (entry.first == name)
            return entry.second;
    }
    return Schema();
}

bool Schema::isRequired(const QString &name) const
{
    return d->required.contains(name);
}

QJsonObject Schema::toOpenApi() const
{
    QJsonObject out;
    if (!d->alternatives.isEmpty()) {
        QJsonArray alternatives;
        for (const Schema &alternative : d->alternatives)
            alternatives.append(alternative.toOpenApi());
        out.insert(u"anyOf"_s, alternatives);
        if (d->nullable)
            out.insert(u"nullable"_s, true);
        if (!d->description.isEmpty())
            out.insert(u"description"_s, d->description);
        return out;
    }
    if (d->type == Type::Ref) {
        QJsonObject reference;
        reference.insert(u"$ref"_s, QString(u"#/components/schemas/"_s + d->refName));
        if (!d->nullable && d->description.isEmpty())
            return reference;
        out.insert(u"allOf"_s, QJsonArray{reference});
        if (d->nullable)
            out.insert(u"nullable"_s, true);
        if (!d->description.isEmpty())
            out.insert(u"description"_s, d->description);
        return out;
    }
    const QString type = typeName(d->type);
    if (!type.isEmpty())
        out.insert(u"type"_s, type);
    if (!d->format.isEmpty())
        out.insert(u"format"_s, d->format);
    if (!d->description.isEmpty())
        out.insert(u"description"_s, d->description);
    if (d->nullable)
        out.insert(u"nullable"_s, true);
    if (!d->enumValues.isEmpty())
        out.insert(u"enum"_s, QJsonArray::fromStringList(d->enumValues));
    if (d->minLength)
        out.insert(u"minLength"_s, double(*d->minLength));
    if (d->maxLength)
        out.insert(u"maxLength"_s, double(*d->maxLength));
    if (d->minimum)
        out.insert(u"minimum"_s, double(*d->minimum));
    if (d->maximum)
        out.insert(u"maximum"_s, double(*d->maximum));
    if (d->minItems)
        out.insert(u"minItems"_s, double(*d->minItems));
    if (d->maxItems)
        out.insert(u"maxItems"_s, double(*d->maxItems));
    if (d->type == Type::Array && !d->items.isEmpty())
        out.insert(u"items"_s, d->items.first().toOpenApi());
    if (d->type == Type::Object) {
        QJsonObject properties;
        QJsonArray required;
        for (const auto &[name, schema] : d->properties) {
            properties.insert(name, schema.toOpenApi());
            if (d->required.contains(name))
                required.append(name);
        }
        if (!properties.isEmpty())
            out.insert(u"properties"_s, properties);
        if (!required.isEmpty())
            out.insert(u"required"_s, required);
        out.insert(u"additionalProperties"_s, d->additional);
    }
    if (!d->example.isUndefined())
        out.insert(u"example"_s, d->example);
    if (!d->defaultValue.isUndefined())
        out.insert(u"default"_s, d->defaultValue);
    return out;
}

Result<QJsonValue> Schema::validate(const QJsonValue &input) const
{
    Validator v;
    QJsonValue out = v.check(*this, SchemaAccess::data(*this), input, QString(), false, 0);
    if (v.brokenRef)
        return fail(Error::internal(u"schema refers to the unknown component "_s + v.brokenRefName));
    if (!v.errors.isEmpty())
        return fail(Error::validation(v.errors));
    return out;
}

void SchemaRegistry::add(const QString &name, const Schema &schema)
{
    registry().insert(name, schema);
}

const Schema *SchemaRegistry::find(const QString &name)
{
    const auto it = registry().constFind(name);
    return it == registry().constEnd() ? nullptr : &it.value();
}

QJsonObject SchemaRegistry::components()
{
    QJsonObject out;
    for (auto it = registry().cbegin(); it != registry().cend(); ++it)
        out.insert(it.key(), it.value().toOpenApi());
    return out;
}

bool isPlausibleEmail(QStringView address)
{
    if (address.isEmpty() || address.size() > 254)
        return false;
    const qsizetype at = address.indexOf(u'@');
    if (at <= 0 || at != address.lastIndexOf(u'@') || at == address.size() - 1)
        return false;
    const QStringView local = address.first(at);
    QStringView domain = address.sliced(at + 1);
    if (local.size() > 64 || local.startsWith(u'.') || local.endsWith(u'.') || local.contains(u".."))
        return false;
    static const QString allowedLocal = u"!#$%&'*+/=?^_`{|}~-."_s;
    for (const QChar c : local) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
            || allowedLocal.contains(c);
        if (!ok)
            return false;
    }
    QString ascii;
    bool needsAce = false;
    for (const QChar c : domain) {
        if (c.unicode() > 0x7f)
            needsAce = true;
        if (c.isSpace())
            return false;
    }
    if (needsAce) {
        ascii = QString::fromLatin1(QUrl::toAce(domain.toString()));
        if (ascii.isEmpty())
            return false;
        domain = ascii;
    }
    const QList<QStringView> labels = domain.split(u'.');
    if (labels.size() < 2)
        return false;
    for (const QStringView label : labels) {
        if (label.isEmpty() || label.size() > 63 || label.startsWith(u'-') || label.endsWith(u'-'))
            return false;
        for (const QChar c : label) {
            if (!((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-'))
                return false;
        }
    }
    const QStringView tld = labels.last();
    if (tld.size() < 2)
        return false;
    if (!tld.startsWith(u"xn--")) {
        for (const QChar c : tld) {
            if (!c.isLetter())
                return false;
        }
    }
    return true;
}

} // namespace vami
