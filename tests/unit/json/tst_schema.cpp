// Schema: validation with the original API's error vocabulary (dotted field paths,
// stable codes, secrets never echoed), normalisation of aliases, and the OpenAPI
// rendering of the same definitions.

#include "json/schema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;

namespace {

QJsonValue json(const char *text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text));
    if (doc.isArray())
        return doc.array();
    return doc.object();
}

// "field:code" of every error, sorted, or "ok".
QStringList problems(const Schema &schema, const QJsonValue &input)
{
    const auto checked = schema.validate(input);
    if (checked)
        return {u"ok"_s};
    QStringList out;
    for (const FieldError &f : checked.error().fields())
        out << f.field + u':' + f.code;
    out.sort();
    return out;
}

const FieldError *findError(const Error &error, const QString &field)
{
    for (const FieldError &f : error.fields()) {
        if (f.field == field)
            return &f;
    }
    return nullptr;
}

Schema invitation()
{
    return Schema::object()
        .property(u"email"_s, Schema::string().format(u"email"_s).maxLength(254), Schema::Required)
        .property(u"role"_s, Schema::string().oneOf({u"admin"_s, u"member"_s}), Schema::Required)
        .property(u"message"_s, Schema::string().maxLength(10).nullable());
}

} // namespace

class tst_Schema : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validInputPasses();
    void requiredAndUnknownFields();
    void types_data();
    void types();
    void nullability();
    void lengthsCountCharactersNotBytes();
    void enums();
    void numericBounds();
    void arrays();
    void emailFormat_data();
    void emailFormat();
    void uuidAndDateTimeFormats();
    void nestedPathsAreDotted();
    void allProblemsAreReportedAtOnce();
    void secretsAreNeverEchoed();
    void offendingInputIsEchoed();
    void aliases();
    void additionalProperties();
    void references();
    void messagesHaveArguments();
    void openApiShape();
    void openApiOfReferences();
};

void tst_Schema::validInputPasses()
{
    const auto checked = invitation().validate(json(R"({"email":"a@b.example","role":"admin"})"));
    QVERIFY(checked);
    QCOMPARE(checked->toObject().value(u"role"_s).toString(), u"admin"_s);
    // Defaults are documented, not filled in.
    const Schema withDefault = Schema::object().property(u"n"_s, Schema::integer().defaultValue(5));
    const auto normalised = withDefault.validate(QJsonObject());
    QVERIFY(normalised);
    QVERIFY(!normalised->toObject().contains(u"n"_s));
}

void tst_Schema::requiredAndUnknownFields()
{
    QCOMPARE(problems(invitation(), json("{}")), QStringList({u"email:missing"_s, u"role:missing"_s}));
    QCOMPARE(problems(invitation(), json(R"({"email":"a@b.example","role":"member","isOwner":true})")),
             QStringList({u"isOwner:extra_forbidden"_s}));
    // A present null is not "missing": it is the wrong type.
    QCOMPARE(problems(invitation(), json(R"({"email":null,"role":"member"})")), QStringList({u"email:string_type"_s}));
    const auto checked = invitation().validate(json("{}"));
    QVERIFY(!checked);
    QCOMPARE(checked.error().kind(), ErrorKind::Validation);
    QCOMPARE(QString::fromLatin1(findError(checked.error(), u"email"_s)->message), u"Field required"_s);
    QVERIFY(findError(checked.error(), u"email"_s)->input.isUndefined());
}

void tst_Schema::types_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");

    const int s = int(Schema::Type::String), i = int(Schema::Type::Integer), n = int(Schema::Type::Number),
              b = int(Schema::Type::Boolean), o = int(Schema::Type::Object), a = int(Schema::Type::Array),
              any = int(Schema::Type::Any);
    QTest::newRow("string ok") << s << u"\"x\""_s << u"ok"_s;
    QTest::newRow("string from number") << s << u"1"_s << u"v:string_type"_s;
    QTest::newRow("string from bool") << s << u"true"_s << u"v:string_type"_s;
    QTest::newRow("integer ok") << i << u"-7"_s << u"ok"_s;
    QTest::newRow("integer with .0") << i << u"3.0"_s << u"ok"_s;
    QTest::newRow("integer from fraction") << i << u"1.5"_s << u"v:int_from_float"_s;
    QTest::newRow("integer from string") << i << u"\"1\""_s << u"v:int_type"_s;
    QTest::newRow("number ok") << n << u"1.5"_s << u"ok"_s;
    QTest::newRow("number from string") << n << u"\"1.5\""_s << u"v:float_type"_s;
    QTest::newRow("boolean ok") << b << u"false"_s << u"ok"_s;
    QTest::newRow("boolean from 0") << b << u"0"_s << u"v:bool_type"_s;
    QTest::newRow("boolean from string") << b << u"\"true\""_s << u"v:bool_type"_s;
    QTest::newRow("object ok") << o << u"{}"_s << u"ok"_s;
    QTest::newRow("object from array") << o << u"[]"_s << u"v:dict_type"_s;
    QTest::newRow("array ok") << a << u"[]"_s << u"ok"_s;
    QTest::newRow("array from object") << a << u"{}"_s << u"v:list_type"_s;
    QTest::newRow("array from string") << a << u"\"[]\""_s << u"v:list_type"_s;
    QTest::newRow("any takes null") << any << u"null"_s << u"ok"_s;
    QTest::newRow("any takes object") << any << u"{\"k\":1}"_s << u"ok"_s;
}

void tst_Schema::types()
{
    QFETCH(int, type);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    Schema property;
    switch (Schema::Type(type)) {
    case Schema::Type::String: property = Schema::string(); break;
    case Schema::Type::Integer: property = Schema::integer(); break;
    case Schema::Type::Number: property = Schema::number(); break;
    case Schema::Type::Boolean: property = Schema::boolean(); break;
    case Schema::Type::Object: property = Schema::object(); break;
    case Schema::Type::Array: property = Schema::array(Schema::any()); break;
    default: property = Schema::any(); break;
    }
    const Schema schema = Schema::object().property(u"v"_s, property, Schema::Required);
    const QJsonValue input = json(qPrintable(u"{\"v\":"_s + value + u'}'));
    QCOMPARE(problems(schema, input), QStringList({expected}));
}

void tst_Schema::nullability()
{
    const Schema strict = Schema::object().property(u"v"_s, Schema::integer());
    const Schema loose = Schema::object().property(u"v"_s, Schema::integer().nullable());
    QCOMPARE(problems(strict, json(R"({"v":null})")), QStringList({u"v:int_type"_s}));
    QCOMPARE(problems(loose, json(R"({"v":null})")), QStringList({u"ok"_s}));
    QCOMPARE(problems(loose, json(R"({"v":"x"})")), QStringList({u"v:int_type"_s}));
    QVERIFY(Schema::string().nullable().isNullable());
    QVERIFY(!Schema::string().nullable().nullable(false).isNullable());
    // The top-level value itself has the path "".
    const auto top = Schema::string().validate(QJsonValue(3));
    QVERIFY(!top);
    QCOMPARE(top.error().fields().size(), 1);
    QCOMPARE(top.error().fields().first().field, QString());
}

void tst_Schema::lengthsCountCharactersNotBytes()
{
    const Schema schema = Schema::object().property(u"v"_s, Schema::string().minLength(2).maxLength(3));
    auto with = [&](const QString &text) { return problems(schema, QJsonObject{{u"v"_s, text}}); };
    QCOMPARE(with(u"a"_s), QStringList({u"v:string_too_short"_s}));
    QCOMPARE(with(u"ab"_s), QStringList({u"ok"_s}));
    QCOMPARE(with(u"abc"_s), QStringList({u"ok"_s}));
    QCOMPARE(with(u"abcd"_s), QStringList({u"v:string_too_long"_s}));
    QCOMPARE(with(u"äöü"_s), QStringList({u"ok"_s}));        // 6 UTF-8 bytes, 3 characters
    QCOMPARE(with(u"😀😀😀"_s), QStringList({u"ok"_s}));     // 6 UTF-16 units, 3 code points
    QCOMPARE(with(u"😀😀😀😀"_s), QStringList({u"v:string_too_long"_s}));
    QCOMPARE(with(u"😀"_s), QStringList({u"v:string_too_short"_s}));
    QCOMPARE(with(QString()), QStringList({u"v:string_too_short"_s}));
}

void tst_Schema::enums()
{
    QCOMPARE(problems(invitation(), json(R"({"email":"a@b.example","role":"owner"})")),
             QStringList({u"role:enum"_s}));
    // Case matters.
    QCOMPARE(problems(invitation(), json(R"({"email":"a@b.example","role":"Admin"})")),
             QStringList({u"role:enum"_s}));
    const auto checked = invitation().validate(json(R"({"email":"a@b.example","role":"owner"})"));
    const FieldError *role = findError(checked.error(), u"role"_s);
    QVERIFY(role);
    QCOMPARE(role->text(), u"Input should be 'admin' or 'member'"_s);
    QCOMPARE(role->input.toString(), u"owner"_s);
    const auto three = Schema::string().oneOf({u"a"_s, u"b"_s, u"c"_s}).validate(QJsonValue(u"d"_s));
    QCOMPARE(three.error().fields().first().text(), u"Input should be 'a', 'b' or 'c'"_s);
}

void tst_Schema::numericBounds()
{
    const Schema schema = Schema::object()
                              .property(u"page"_s, Schema::integer().minimum(1).maximum(100))
                              .property(u"ratio"_s, Schema::number().minimum(0).maximum(1));
    QCOMPARE(problems(schema, json(R"({"page":1,"ratio":0})")), QStringList({u"ok"_s}));
    QCOMPARE(problems(schema, json(R"({"page":100,"ratio":1})")), QStringList({u"ok"_s}));
    QCOMPARE(problems(schema, json(R"({"page":0,"ratio":-0.1})")),
             QStringList({u"page:greater_than_equal"_s, u"ratio:greater_than_equal"_s}));
    QCOMPARE(problems(schema, json(R"({"page":101,"ratio":1.01})")),
             QStringList({u"page:less_than_equal"_s, u"ratio:less_than_equal"_s}));
    const auto checked = schema.validate(json(R"({"page":0})"));
    QCOMPARE(findError(checked.error(), u"page"_s)->text(), u"Input should be greater than or equal to 1"_s);
}

void tst_Schema::arrays()
{
    const Schema schema = Schema::object().property(
        u"tags"_s, Schema::array(Schema::string().maxLength(3)).minItems(1).maxItems(3), Schema::Required);
    QCOMPARE(problems(schema, json(R"({"tags":["a","b"]})")), QStringList({u"ok"_s}));
    QCOMPARE(problems(schema, json(R"({"tags":[]})")), QStringList({u"tags:too_short"_s}));
    QCOMPARE(problems(schema, json(R"({"tags":["a","b","c","d"]})")), QStringList({u"tags:too_long"_s}));
    QCOMPARE(problems(schema, json(R"({"tags":["a",1,"long!"]})")),
             QStringList({u"tags.1:string_type"_s, u"tags.2:string_too_long"_s}));
    const auto checked = schema.validate(json(R"({"tags":[]})"));
    QCOMPARE(checked.error().fields().first().text(), u"List should have at least 1 item after validation, not 0"_s);
}

void tst_Schema::emailFormat_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("plausible");
    QTest::newRow("simple") << u"user@example.com"_s << true;
    QTest::newRow("plus and dots") << u"first.last+tag@sub.example.co.uk"_s << true;
    QTest::newRow("specials in local part") << u"o'brien!#$%&*=?^_`{|}~-@example.org"_s << true;
    QTest::newRow("digits and hyphen in domain") << u"a@mail-1.example9.net"_s << true;
    QTest::newRow("internationalised domain") << u"user@bücher.example"_s << true;
    QTest::newRow("punycode tld") << u"user@example.xn--p1ai"_s << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("no at") << u"user.example.com"_s << false;
    QTest::newRow("two ats") << u"a@b@example.com"_s << false;
    QTest::newRow("empty local part") << u"@example.com"_s << false;
    QTest::newRow("empty domain") << u"user@"_s << false;
    QTest::newRow("no dot in domain") << u"user@localhost"_s << false;
    QTest::newRow("leading dot") << u".user@example.com"_s << false;
    QTest::newRow("trailing dot") << u"user.@example.com"_s << false;
    QTest::newRow("double dot") << u"us..er@example.com"_s << false;
    QTest::newRow("space") << u"us er@example.com"_s << false;
    QTest::newRow("space in domain") << u"user@exa mple.com"_s << false;
    QTest::newRow("non-ASCII local part") << u"jörg@example.com"_s << false;
    QTest::newRow("angle brackets") << u"<user@example.com>"_s << false;
    QTest::newRow("CRLF") << u"user@example.com\r\nBcc: x@evil.test"_s << false;
    QTest::newRow("one-letter tld") << u"user@example.c"_s << false;
    QTest::newRow("numeric tld") << u"user@10.0.0.1"_s << false;
    QTest::newRow("hyphen at label start") << u"user@-example.com"_s << false;
    QTest::newRow("hyphen at label end") << u"user@example-.com"_s << false;
    QTest::newRow("empty label") << u"user@example..com"_s << false;
    QTest::newRow("underscore in domain") << u"user@ex_ample.com"_s << false;
    QTest::newRow("local part of 65") << QString(QString(65, u'a') + u"@example.com"_s) << false;
    QTest::newRow("local part of 64") << QString(QString(64, u'a') + u"@example.com"_s) << true;
    QTest::newRow("label of 64") << QString(u"a@"_s + QString(64, u'b') + u".com"_s) << false;
    QTest::newRow("over 254 characters") << QString(u"a@"_s + QString(62, u'b') + u'.' + QString(62, u'c') + u'.'
                                               + QString(62, u'd') + u'.' + QString(62, u'e') + u".com"_s)
                                    << false;
}

void tst_Schema::emailFormat()
{
    QFETCH(QString, address);
    QFETCH(bool, plausible);
    QCOMPARE(isPlausibleEmail(address), plausible);
    const Schema schema = Schema::string().format(u"email"_s);
    const auto checked = schema.validate(QJsonValue(address));
    QCOMPARE(bool(checked), plausible);
    if (!plausible) {
        QCOMPARE(checked.error().fields().first().code, u"value_error"_s);
        QCOMPARE(checked.error().fields().first().text(), u"value is not a valid email address"_s);
    }
}

void tst_Schema::uuidAndDateTimeFormats()
{
    const Schema schema = Schema::object()
                              .property(u"id"_s, Schema::string().format(u"uuid"_s))
                              .property(u"at"_s, Schema::string().format(u"date-time"_s))
                              .property(u"site"_s, Schema::string().format(u"uri"_s));
    QCOMPARE(problems(schema, json(R"({"id":"123e4567-e89b-42d3-a456-426614174000","at":"2026-01-15T09:00:00Z"})")),
             QStringList({u"ok"_s}));
    QCOMPARE(problems(schema, json(R"({"id":"123E4567-E89B-42D3-A456-426614174000"})")), QStringList({u"ok"_s}));
    QCOMPARE(problems(schema, json(R"({"id":"{123e4567-e89b-42d3-a456-426614174000}"})")),
             QStringList({u"id:uuid_parsing"_s}));
    QCOMPARE(problems(schema, json(R"({"id":"123e4567e89b42d3a456426614174000"})")),
             QStringList({u"id:uuid_parsing"_s}));
    QCOMPARE(problems(schema, json(R"({"id":"123e4567-e89b-42d3-a456-42661417400g"})")),
             QStringList({u"id:uuid_parsing"_s}));
    QCOMPARE(problems(schema, json(R"({"id":"00000000-0000-0000-0000-000000000000"})")),
             QStringList({u"id:uuid_parsing"_s}));
    QCOMPARE(problems(schema, json(R"({"at":"2026-02-30T09:00:00Z"})")), QStringList({u"at:datetime_parsing"_s}));
    QCOMPARE(problems(schema, json(R"({"at":"2026-01-15T24:00:00Z"})")), QStringList({u"at:datetime_parsing"_s}));
    QCOMPARE(problems(schema, json(R"({"at":"yesterday"})")), QStringList({u"at:datetime_parsing"_s}));
    // Documented-only formats are not checked.
    QCOMPARE(problems(schema, json(R"({"site":"not a uri"})")), QStringList({u"ok"_s}));
}

void tst_Schema::nestedPathsAreDotted()
{
    const Schema address = Schema::object()
                               .property(u"street"_s, Schema::string(), Schema::Required)
                               .property(u"zip"_s, Schema::string().maxLength(5));
    const Schema person = Schema::object()
                              .property(u"name"_s, Schema::string(), Schema::Required)
                              .property(u"address"_s, address, Schema::Required)
                              .property(u"contacts"_s, Schema::array(Schema::object().property(
                                                           u"email"_s, Schema::string().format(u"email"_s),
                                                           Schema::Required)));
    const QJsonValue input = json(R"({"name":"A","address":{"zip":"123456","extra":1},
                                      "contacts":[{"email":"ok@example.com"},{"email":"bad"},{}]})");
    QCOMPARE(problems(person, input),
             QStringList({u"address.extra:extra_forbidden"_s, u"address.street:missing"_s,
                          u"address.zip:string_too_long"_s, u"contacts.1.email:value_error"_s,
                          u"contacts.2.email:missing"_s}));
    // Array of arrays.
    const Schema matrix = Schema::object().property(u"m"_s, Schema::array(Schema::array(Schema::integer())));
    QCOMPARE(problems(matrix, json(R"({"m":[[1,2],[3,"x"]]})")), QStringList({u"m.1.1:int_type"_s}));
}

void tst_Schema::allProblemsAreReportedAtOnce()
{
    const auto checked = invitation().validate(json(R"({"role":"owner","message":"far too long text","x":1})"));
    QVERIFY(!checked);
    QCOMPARE(checked.error().fields().size(), 4);
}

void tst_Schema::secretsAreNeverEchoed()
{
    const Schema login = Schema::object()
                             .property(u"email"_s, Schema::string().format(u"email"_s), Schema::Required)
                             .property(u"password"_s, Schema::string().format(u"password"_s).minLength(8).maxLength(12),
                                       Schema::Required);
    for (const char *text : {R"({"email":"x","password":"short"})", R"({"email":"x","password":"far-too-long-secret"})",
                             R"({"email":"x","password":12345678})"}) {
        const auto checked = login.validate(json(text));
        QVERIFY(!checked);
        const FieldError *password = findError(checked.error(), u"password"_s);
        QVERIFY2(password, text);
        QVERIFY2(password->input.isUndefined() || password->input.isNull(), text);
        const FieldError *email = findError(checked.error(), u"email"_s);
        QVERIFY(email);
        QCOMPARE(email->input.toString(), u"x"_s);
    }
    // Everything below a secret property is secret too.
    const Schema nested = Schema::object().property(
        u"credentials"_s, Schema::object().property(u"pin"_s, Schema::integer()), Schema::Required);
    const Schema secretParent = Schema::object().property(
        u"credentials"_s,
        Schema::object().property(u"pin"_s, Schema::integer()).format(u"password"_s), Schema::Required);
    QVERIFY(findError(nested.validate(json(R"({"credentials":{"pin":"1234"}})")).error(), u"credentials.pin"_s)
                ->input.isString());
    QVERIFY(findError(secretParent.validate(json(R"({"credentials":{"pin":"1234"}})")).error(), u"credentials.pin"_s)
                ->input.isUndefined());
}

void tst_Schema::offendingInputIsEchoed()
{
    const auto checked = Schema::object()
                             .property(u"n"_s, Schema::integer())
                             .validate(json(R"({"n":"seven"})"));
    QCOMPARE(findError(checked.error(), u"n"_s)->input.toString(), u"seven"_s);
    // Long strings are echoed shortened.
    const auto tooLong = Schema::string().maxLength(3).validate(QJsonValue(QString(500, u'x')));
    QCOMPARE(tooLong.error().fields().first().input.toString().size(), 100);
}

void tst_Schema::aliases()
{
    const Schema schema = Schema::object()
                              .property(u"full_name"_s, Schema::string().maxLength(5))
                              .alias(u"full_name"_s, u"fullName"_s);
    auto checked = schema.validate(json(R"({"fullName":"Ann"})"));
    QVERIFY(checked);
    QCOMPARE(checked->toObject(), QJsonObject({{u"full_name"_s, u"Ann"_s}}));
    // The alias is validated under the declared name.
    QCOMPARE(problems(schema, json(R"({"fullName":"Annabelle"})")), QStringList({u"full_name:string_too_long"_s}));
    // Both spellings at once are refused.
    QCOMPARE(problems(schema, json(R"({"fullName":"Ann","full_name":"Bob"})")),
             QStringList({u"fullName:value_error"_s}));
    // The alias is not a documented property.
    QVERIFY(!schema.toOpenApi().value(u"properties"_s).toObject().contains(u"fullName"_s));
}

void tst_Schema::additionalProperties()
{
    const Schema open = Schema::object().property(u"a"_s, Schema::integer()).allowAdditional();
    auto checked = open.validate(json(R"({"a":1,"b":"kept"})"));
    QVERIFY(checked);
    QCOMPARE(checked->toObject().value(u"b"_s).toString(), u"kept"_s);
    QCOMPARE(problems(open, json(R"({"a":"x","b":1})")), QStringList({u"a:int_type"_s}));
    QCOMPARE(open.toOpenApi().value(u"additionalProperties"_s).toBool(), true);
    QCOMPARE(Schema::object().toOpenApi().value(u"additionalProperties"_s).toBool(), false);
}

void tst_Schema::references()
{
    SchemaRegistry::add(u"TstSchemaMoney"_s,
                        Schema::object()
                            .property(u"amount"_s, Schema::integer().minimum(0), Schema::Required)
                            .property(u"currency"_s, Schema::string().oneOf({u"EUR"_s, u"USD"_s}), Schema::Required));
    const Schema order = Schema::object()
                             .property(u"price"_s, Schema::ref(u"TstSchemaMoney"_s), Schema::Required)
                             .property(u"discount"_s, Schema::ref(u"TstSchemaMoney"_s).nullable());
    QVERIFY(SchemaRegistry::find(u"TstSchemaMoney"_s));
    QVERIFY(!SchemaRegistry::find(u"TstSchemaNothing"_s));
    QCOMPARE(problems(order, json(R"({"price":{"amount":5,"currency":"EUR"},"discount":null})")),
             QStringList({u"ok"_s}));
    QCOMPARE(problems(order, json(R"({"price":{"amount":-1,"currency":"GBP"}})")),
             QStringList({u"price.amount:greater_than_equal"_s, u"price.currency:enum"_s}));
    // An unknown component is a defect of the program, not of the input.
    const auto broken = Schema::object().property(u"x"_s, Schema::ref(u"TstSchemaNothing"_s)).validate(
        json(R"({"x":1})"));
    QVERIFY(!broken);
    QCOMPARE(broken.error().kind(), ErrorKind::Internal);
    QVERIFY(SchemaRegistry::components().contains(u"TstSchemaMoney"_s));
}

void tst_Schema::messagesHaveArguments()
{
    const auto checked = Schema::object()
                             .property(u"s"_s, Schema::string().minLength(1).maxLength(2))
                             .property(u"t"_s, Schema::string().maxLength(1))
                             .validate(json(R"({"s":"","t":"ab"})"));
    QCOMPARE(findError(checked.error(), u"s"_s)->text(), u"String should have at least 1 character"_s);
    QCOMPARE(findError(checked.error(), u"t"_s)->text(), u"String should have at most 1 character"_s);
    QCOMPARE(findError(checked.error(), u"t"_s)->args, QStringList({u"1"_s}));
}

void tst_Schema::openApiShape()
{
    const Schema schema =
        invitation()
            .describe(u"An invitation"_s)
            .property(u"tags"_s, Schema::array(Schema::string()).minItems(1).maxItems(5))
            .property(u"count"_s, Schema::integer().minimum(1).maximum(9).example(3).defaultValue(1));
    const QJsonObject o = schema.toOpenApi();
    QCOMPARE(o.value(u"type"_s).toString(), u"object"_s);
    QCOMPARE(o.value(u"description"_s).toString(), u"An invitation"_s);
    QCOMPARE(o.value(u"additionalProperties"_s), QJsonValue(false));
    QCOMPARE(o.value(u"required"_s).toArray(), QJsonArray({u"email"_s, u"role"_s}));
    const QJsonObject properties = o.value(u"properties"_s).toObject();
    QCOMPARE(properties.keys(), QStringList({u"count"_s, u"email"_s, u"message"_s, u"role"_s, u"tags"_s}));
    QCOMPARE(properties.value(u"email"_s).toObject(),
             QJsonObject({{u"type"_s, u"string"_s}, {u"format"_s, u"email"_s}, {u"maxLength"_s, 254}}));
    QCOMPARE(properties.value(u"role"_s).toObject().value(u"enum"_s).toArray(),
             QJsonArray({u"admin"_s, u"member"_s}));
    QCOMPARE(properties.value(u"message"_s).toObject().value(u"nullable"_s), QJsonValue(true));
    const QJsonObject tags = properties.value(u"tags"_s).toObject();
    QCOMPARE(tags.value(u"type"_s).toString(), u"array"_s);
    QCOMPARE(tags.value(u"items"_s).toObject(), QJsonObject({{u"type"_s, u"string"_s}}));
    QCOMPARE(tags.value(u"minItems"_s).toInt(), 1);
    QCOMPARE(tags.value(u"maxItems"_s).toInt(), 5);
    const QJsonObject count = properties.value(u"count"_s).toObject();
    QCOMPARE(count, QJsonObject({{u"type"_s, u"integer"_s},
                                 {u"minimum"_s, 1},
                                 {u"maximum"_s, 9},
                                 {u"example"_s, 3},
                                 {u"default"_s, 1}}));
    QCOMPARE(Schema::any().toOpenApi(), QJsonObject());
    QCOMPARE(Schema::boolean().toOpenApi(), QJsonObject({{u"type"_s, u"boolean"_s}}));
    QCOMPARE(Schema::number().toOpenApi(), QJsonObject({{u"type"_s, u"number"_s}}));
    // Accessors mirror the definition.
    QCOMPARE(schema.propertyNames(), QStringList({u"email"_s, u"role"_s, u"message"_s, u"tags"_s, u"count"_s}));
    QVERIFY(schema.isRequired(u"email"_s));
    QVERIFY(!schema.isRequired(u"message"_s));
    QCOMPARE(schema.propertySchema(u"role"_s).type(), Schema::Type::String);
    // Redefining a property replaces it, including whether it is required.
    const Schema optionalEmail = schema.property(u"email"_s, Schema::string());
    QVERIFY(!optionalEmail.isRequired(u"email"_s));
    QCOMPARE(optionalEmail.propertyNames().size(), 5);
    QVERIFY(schema.isRequired(u"email"_s)); // the original is unchanged (value semantics)
}

void tst_Schema::openApiOfReferences()
{
    QCOMPARE(Schema::ref(u"Member"_s).toOpenApi(), QJsonObject({{u"$ref"_s, u"#/components/schemas/Member"_s}}));
    const QJsonObject nullable = Schema::ref(u"Member"_s).nullable().describe(u"Who"_s).toOpenApi();
    QCOMPARE(nullable.value(u"allOf"_s).toArray(),
             QJsonArray({QJsonObject({{u"$ref"_s, u"#/components/schemas/Member"_s}})}));
    QCOMPARE(nullable.value(u"nullable"_s), QJsonValue(true));
    QCOMPARE(nullable.value(u"description"_s).toString(), u"Who"_s);
    QCOMPARE(Schema::ref(u"Member"_s).refName(), u"Member"_s);
    QCOMPARE(Schema::ref(u"Member"_s).type(), Schema::Type::Ref);
}

QTEST_GUILESS_MAIN(tst_Schema)
#include "tst_schema.moc"
