#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QSharedDataPointer>
#include <QString>
#include <QStringList>

namespace vami {

class SchemaData;

// A subset of JSON Schema that describes a request body, a query/path parameter or
// a response once. The same object validates input (with the error vocabulary of
// the original API: "missing", "string_type", "enum", "extra_forbidden", ...) and is
// printed into the OpenAPI document, so the documentation cannot drift from what
// the server accepts. Schema is an implicitly shared value type; the modifiers
// return a modified copy so definitions read as one expression:
//
//   Schema::object()
//       .property(u"email"_s, Schema::string().format(u"email"_s), Schema::Required)
//       .property(u"role"_s, Schema::string().oneOf({u"admin"_s, u"member"_s}), Schema::Required)
class Schema
{
public:
    enum class Type { Any, String, Integer, Number, Boolean, Object, Array, Ref };
    enum Requirement { Optional, Required };

    Schema();
    Schema(const Schema &other);
    Schema &operator=(const Schema &other);
    ~Schema();

    static Schema any();
    static Schema string();
    static Schema integer();
    static Schema number();
    static Schema boolean();
    // Objects refuse members that are not declared unless allowAdditional(true).
    static Schema object();
    static Schema array(const Schema &items);
    // A reference to a named component registered with SchemaRegistry.
    static Schema ref(const QString &componentName);
    // A value that matches one of the alternatives ("anyOf").
    static Schema anyOf(const QList<Schema> &alternatives);

    [[nodiscard]] Schema describe(const QString &text) const;
    [[nodiscard]] Schema nullable(bool allowNull = true) const;
    // Checked formats: "email", "uuid", "date-time"; others ("uri", "password", "date")
    // are documented only. Values of format "password" are never echoed in errors.
    [[nodiscard]] Schema format(const QString &name) const;
    [[nodiscard]] Schema minLength(int length) const;
    [[nodiscard]] Schema maxLength(int length) const;
    [[nodiscard]] Schema minimum(qint64 value) const;
    [[nodiscard]] Schema maximum(qint64 value) const;
    [[nodiscard]] Schema minItems(int count) const;
    [[nodiscard]] Schema maxItems(int count) const;
    [[nodiscard]] Schema oneOf(const QStringList &values) const; // "enum"
    [[nodiscard]] Schema example(const QJsonValue &value) const;
    [[nodiscard]] Schema defaultValue(const QJsonValue &value) const;
    [[nodiscard]] Schema property(const QString &name, const Schema &schema, Requirement requirement = Optional) const;
    // An alternate input name for a declared property; on input it is renamed to the
    // property (both given at once is a validation error, code "value_error").
    [[nodiscard]] Schema alias(const QString &propertyName, const QString &alternateName) const;
    [[nodiscard]] Schema allowAdditional(bool allow = true) const;

    [[nodiscard]] Type type() const;
    [[nodiscard]] QString refName() const;
    [[nodiscard]] QString description() const;
    [[nodiscard]] bool isNullable() const;
    [[nodiscard]] QStringList propertyNames() const;
    [[nodiscard]] Schema propertySchema(const QString &name) const;
    [[nodiscard]] bool isRequired(const QString &name) const;

    // The JSON Schema object in OpenAPI 3.0.3 dialect ("nullable": true,
    // "$ref": "#/components/schemas/<name>"). Aliases are not listed.
    [[nodiscard]] QJsonObject toOpenApi() const;

    // Validates `input` and returns it normalized (aliases renamed to the declared
    // name, defaults NOT filled in). All problems are reported at once, each as a
    // FieldError whose `field` is the dotted path below the validated value ("" for
    // the value itself). Unknown $ref names are an internal error.
    [[nodiscard]] Result<QJsonValue> validate(const QJsonValue &input) const;

private:
    friend class SchemaAccess;
    explicit Schema(Type type);
    QSharedDataPointer<SchemaData> d;
};

// Named component schemas, shared by validation ($ref) and the OpenAPI document.
// Register once at start-up (not thread-safe while registering; read-only later).
class SchemaRegistry
{
public:
    static void add(const QString &name, const Schema &schema);
    [[nodiscard]] static const Schema *find(const QString &name);
    // {"<name>": <schema>, ...} for "components": {"schemas": ...}.
    [[nodiscard]] static QJsonObject components();
};

// A practical e-mail address check (what EmailStr-style validators accept): one @,
// a local part of allowed characters, a domain of labels with a dot; at most 254
// characters. Shared by the schema format "email" and the services.
[[nodiscard]] bool isPlausibleEmail(QStringView address);

} // namespace vami
