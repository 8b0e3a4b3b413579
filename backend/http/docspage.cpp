#include "docspage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QStringList>

#include <map>

using namespace Qt::StringLiterals;

namespace vami::http {

namespace {

constexpr int MaxSchemaDepth = 4;

const char *const Style = R"css(
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1d2330;background:#f6f7fb}
main{max-width:980px;margin:0 auto;padding:24px 28px 64px}
h1{font-size:28px;margin:8px 0 4px}h2{font-size:21px;margin:40px 0 8px;border-bottom:1px solid #d9dce6;padding-bottom:4px}
h3{font-size:16px;margin:0}h4{font-size:13px;margin:14px 0 4px;text-transform:uppercase;letter-spacing:.04em;color:#5a6275}
p{margin:6px 0}code{font:13px/1.4 ui-monospace,"DejaVu Sans Mono",monospace;background:#eceef5;padding:1px 4px;border-radius:3px}
a{color:#2956c9;text-decoration:none}a:hover{text-decoration:underline}
nav ul{columns:2;padding-left:18px}nav li{margin:2px 0}
.op{background:#fff;border:1px solid #d9dce6;border-radius:6px;margin:14px 0;padding:12px 16px}
.sig{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.m{font:bold 12px/1 ui-monospace,"DejaVu Sans Mono",monospace;padding:4px 7px;border-radius:4px;color:#fff;min-width:52px;text-align:center}
.get{background:#2f7d4f}.post{background:#2956c9}.put{background:#a86a00}.patch{background:#7a4fc0}.delete{background:#b3362f}.head,.options{background:#5a6275}
.path{font:600 14px ui-monospace,"DejaVu Sans Mono",monospace}.auth{font-size:12px;color:#5a6275;margin-left:auto}
table{border-collapse:collapse;width:100%;margin:4px 0;font-size:14px}th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #eceef5}
th{font-size:12px;color:#5a6275;font-weight:600}.req{color:#b3362f;font-size:12px}.muted{color:#5a6275}
.schema{background:#fff;border:1px solid #d9dce6;border-radius:6px;margin:12px 0;padding:10px 16px}
)css";

QString escape(const QString &text)
{
    return text.toHtmlEscaped();
}

// Descriptions are plain text with `code` spans; keep paragraphs and code
// formatting, escape everything else.
QString prose(const QString &text)
{
    QString out;
    const QStringList paragraphs = text.split(u"\n\n"_s, Qt::SkipEmptyParts);
    for (const QString &paragraph : paragraphs) {
        const QStringList parts = paragraph.split(u'`');
        QString html;
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const QString part = escape(parts.at(i));
            html += (i % 2 == 1 && i + 1 < parts.size()) ? u"<code>"_s + part + u"</code>"_s : part;
        }
        out += u"<p>"_s + html + u"</p>"_s;
    }
    return out;
}

QString anchorId(const QString &prefix, const QString &name)
{
    QString id = prefix;
    for (QChar c : name)
        id += (c.isLetterOrNumber() && c.unicode() < 128) ? c : u'-';
    return id;
}

QString refName(const QString &ref)
{
    static const QString prefix = u"#/components/schemas/"_s;
    return ref.startsWith(prefix) ? ref.mid(prefix.size()) : QString();
}

class Renderer
{
public:
    explicit Renderer(const QJsonObject &doc)
        : m_doc(doc)
        , m_schemas(doc.value(u"components"_s).toObject().value(u"schemas"_s).toObject())
    {
    }

    QByteArray render() const;

private:
    QString typeText(const QJsonObject &schema) const;
    QJsonObject resolve(const QJsonObject &schema, QString *name) const;
    void fieldRows(QString &out, const QJsonObject &schema, const QString &prefix, int depth,
                   QSet<QString> &seen) const;
    QString fieldTable(const QJsonObject &schema) const;
    QString operation(const QString &path, const QString &method, const QJsonObject &op) const;
    QString schemaSection() const;

    QJsonObject m_doc;
    QJsonObject m_schemas;
};

QJsonObject Renderer::resolve(const QJsonObject &schema, QString *name) const
{
    const QString ref = schema.value(u"$ref"_s).toString();
    if (ref.isEmpty())
        return schema;
    const QString n = refName(ref);
    if (name)
        *name = n;
    return m_schemas.value(n).toObject();
}

QString Renderer::typeText(const QJsonObject &schema) const
{
    const QString ref = schema.value(u"$ref"_s).toString();
    if (!ref.isEmpty()) {
        const QString name = refName(ref);
        return u"<a href=\"#%1\">%2</a>"_s.arg(anchorId(u"schema-"_s, name), escape(name));
    }
    for (const char *combinator : {"oneOf", "anyOf", "allOf"}) {
        const QJsonArray options = schema.value(QLatin1String(combinator)).toArray();
        if (!options.isEmpty()) {
            QStringList parts;
            for (const QJsonValue &o : options)
                parts.append(typeText(o.toObject()));
            return parts.join(QLatin1String(qstrcmp(combinator, "allOf") == 0 ? " &amp; " : " | "));
        }
    }
    QString type = escape(schema.value(u"type"_s).toString(u"any"_s));
    if (type == u"array"_s)
        type = u"array of "_s + typeText(schema.value(u"items"_s).toObject());
    const QString format = schema.value(u"format"_s).toString();
    if (!format.isEmpty())
        type += u" <span class=\"muted\">(%1)</span>"_s.arg(escape(format));
    if (schema.value(u"nullable"_s).toBool())
        type += u" <span class=\"muted\">or null</span>"_s;
    return type;
}

void Renderer::fieldRows(QString &out, const QJsonObject &input, const QString &prefix, int depth,
                         QSet<QString> &seen) const
{
    QString name;
    const QJsonObject schema = resolve(input, &name);
    if (depth > MaxSchemaDepth || (!name.isEmpty() && seen.contains(name)))
        return;
    if (!name.isEmpty())
        seen.insert(name);

    const QJsonObject properties = schema.value(u"properties"_s).toObject();
    QSet<QString> required;
    for (const QJsonValue &r : schema.value(u"required"_s).toArray())
        required.insert(r.toString());
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const QJsonObject field = it.value().toObject();
        const QString fieldName = prefix + it.key();
        QStringList notes;
        const QString description = field.value(u"description"_s).toString();
        if (!description.isEmpty())
            notes.append(escape(description));
        const QJsonArray values = field.value(u"enum"_s).toArray();
        if (!values.isEmpty()) {
            QStringList v;
            for (const QJsonValue &e : values)
                v.append(u"<code>"_s + escape(e.toVariant().toString()) + u"</code>"_s);
            notes.append(u"One of "_s + v.join(u", "_s) + u"."_s);
        }
        if (field.contains(u"minLength"_s) || field.contains(u"maxLength"_s))
            notes.append(u"Length %1–%2."_s.arg(field.value(u"minLength"_s).toInt(0))
                             .arg(field.contains(u"maxLength"_s) ? QString::number(field.value(u"maxLength"_s).toInt())
                                                                 : u"∞"_s));
        if (field.contains(u"minimum"_s) || field.contains(u"maximum"_s))
            notes.append(u"Range %1 to %2."_s.arg(field.value(u"minimum"_s).toVariant().toString(),
                                                    field.value(u"maximum"_s).toVariant().toString()));
        if (field.value(u"readOnly"_s).toBool())
            notes.append(u"Read-only."_s);
        out += u"<tr><td><code>%1</code>%2</td><td>%3</td><td>%4</td></tr>"_s.arg(
            escape(fieldName), required.contains(it.key()) ? u" <span class=\"req\">required</span>"_s : QString(),
            typeText(field), notes.join(u' '));

        // Expand inline objects (and arrays of inline objects); named schemas
        // keep their own section and are linked.
        QJsonObject nested = field;
        QString suffix = u"."_s;
        if (field.value(u"type"_s).toString() == u"array"_s) {
            nested = field.value(u"items"_s).toObject();
            suffix = u"[]."_s;
        }
        if (!nested.contains(u"$ref"_s) && nested.contains(u"properties"_s))
            fieldRows(out, nested, fieldName + suffix, depth + 1, seen);
    }
    if (!name.isEmpty())
        seen.remove(name);
}

QString Renderer::fieldTable(const QJsonObject &schema) const
{
    QString rows;
    QSet<QString> seen;
    fieldRows(rows, schema, QString(), 0, seen);
    if (rows.isEmpty())
        return u"<p>"_s + typeText(schema) + u"</p>"_s;
    return u"<table><tr><th>Field</th><th>Type</th><th>Notes</th></tr>"_s + rows + u"</table>"_s;
}

QString Renderer::operation(const QString &path, const QString &method, const QJsonObject &op) const
{
    QString out;
    const QString id = anchorId(u"op-"_s, op.value(u"operationId"_s).toString(method + path));
    QString auth = u"Signed in"_s;
    if (op.contains(u"security"_s)) {
        const QJsonArray security = op.value(u"security"_s).toArray();
        auth = security.isEmpty() ? u"Public"_s : u"Optional sign-in"_s;
    }
    out += u"<section class=\"op\" id=\"%1\"><div class=\"sig\"><span class=\"m %2\">%3</span>"
           "<span class=\"path\">%4</span><span class=\"auth\">%5</span></div>"_s.arg(
               id, escape(method), escape(method.toUpper()), escape(path), auth);
    out += u"<h3>"_s + escape(op.value(u"summary"_s).toString()) + u"</h3>"_s;
    out += prose(op.value(u"description"_s).toString());

    const QJsonArray parameters = op.value(u"parameters"_s).toArray();
    if (!parameters.isEmpty()) {
        out += u"<h4>Parameters</h4><table><tr><th>Name</th><th>In</th><th>Type</th><th>Notes</th></tr>"_s;
        for (const QJsonValue &v : parameters) {
            const QJsonObject p = v.toObject();
            out += u"<tr><td><code>%1</code>%2</td><td>%3</td><td>%4</td><td>%5</td></tr>"_s.arg(
                escape(p.value(u"name"_s).toString()),
                p.value(u"required"_s).toBool() ? u" <span class=\"req\">required</span>"_s : QString(),
                escape(p.value(u"in"_s).toString()), typeText(p.value(u"schema"_s).toObject()),
                escape(p.value(u"description"_s).toString()));
        }
        out += u"</table>"_s;
    }

    const QJsonObject body = op.value(u"requestBody"_s).toObject();
    const QJsonObject bodyContent = body.value(u"content"_s).toObject();
    for (auto it = bodyContent.begin(); it != bodyContent.end(); ++it) {
        out += u"<h4>Request body <span class=\"muted\">(%1%2)</span></h4>"_s.arg(
            escape(it.key()), body.value(u"required"_s).toBool() ? u", required"_s : QString());
        out += fieldTable(it.value().toObject().value(u"schema"_s).toObject());
    }

    const QJsonObject responses = op.value(u"responses"_s).toObject();
    if (!responses.isEmpty()) {
        out += u"<h4>Responses</h4><table><tr><th>Status</th><th>Meaning</th><th>Body</th></tr>"_s;
        for (auto it = responses.begin(); it != responses.end(); ++it) {
            const QJsonObject r = it.value().toObject();
            QStringList bodies;
            const QJsonObject c = r.value(u"content"_s).toObject();
            for (auto ct = c.begin(); ct != c.end(); ++ct)
                bodies.append(typeText(ct.value().toObject().value(u"schema"_s).toObject()));
            out += u"<tr><td><code>%1</code></td><td>%2</td><td>%3</td></tr>"_s.arg(
                escape(it.key()), escape(r.value(u"description"_s).toString()), bodies.join(u"<br>"_s));
        }
        out += u"</table>"_s;
    }
    out += u"</section>"_s;
    return out;
}

QString Renderer::schemaSection() const
{
    if (m_schemas.isEmpty())
        return {};
    QString out = u"<h2 id=\"schemas\">Schemas</h2>"_s;
    for (auto it = m_schemas.begin(); it != m_schemas.end(); ++it) {
        const QJsonObject schema = it.value().toObject();
        out += u"<section class=\"schema\" id=\"%1\"><h3>%2</h3>"_s.arg(anchorId(u"schema-"_s, it.key()),
                                                                        escape(it.key()));
        out += prose(schema.value(u"description"_s).toString());
        out += fieldTable(schema);
        out += u"</section>"_s;
    }
    return out;
}

QByteArray Renderer::render() const
{
    const QJsonObject info = m_doc.value(u"info"_s).toObject();
    const QString title = info.value(u"title"_s).toString(u"API"_s);

    // Group operations by their first tag, in the order the document lists tags.
    QStringList tagOrder;
    QHash<QString, QString> tagDescriptions;
    for (const QJsonValue &t : m_doc.value(u"tags"_s).toArray()) {
        const QJsonObject tag = t.toObject();
        tagOrder.append(tag.value(u"name"_s).toString());
        tagDescriptions.insert(tag.value(u"name"_s).toString(), tag.value(u"description"_s).toString());
    }
    struct Op {
        QString path;
        QString method;
        QJsonObject op;
    };
    std::map<QString, std::vector<Op>> byTag;
    static const QStringList methodOrder = {u"get"_s, u"post"_s, u"put"_s, u"patch"_s, u"delete"_s, u"head"_s,
                                            u"options"_s};
    const QJsonObject paths = m_doc.value(u"paths"_s).toObject();
    for (auto p = paths.begin(); p != paths.end(); ++p) {
        const QJsonObject item = p.value().toObject();
        for (const QString &method : methodOrder) {
            if (!item.contains(method))
                continue;
            const QJsonObject op = item.value(method).toObject();
            const QString tag = op.value(u"tags"_s).toArray().first().toString(u"other"_s);
            if (!tagOrder.contains(tag))
                tagOrder.append(tag);
            byTag[tag].push_back(Op{p.key(), method, op});
        }
    }

    QString nav = u"<nav><ul>"_s;
    QString sections;
    for (const QString &tag : tagOrder) {
        const auto found = byTag.find(tag);
        if (found == byTag.end())
            continue;
        const QString tagId = anchorId(u"tag-"_s, tag);
        nav += u"<li><a href=\"#%1\">%2</a> <span class=\"muted\">(%3)</span></li>"_s.arg(
            tagId, escape(tag), QString::number(found->second.size()));
        sections += u"<h2 id=\"%1\">%2</h2>"_s.arg(tagId, escape(tag));
        sections += prose(tagDescriptions.value(tag));
        for (const Op &op : found->second)
            sections += operation(op.path, op.method, op.op);
    }
    if (!m_schemas.isEmpty())
        nav += u"<li><a href=\"#schemas\">Schemas</a></li>"_s;
    nav += u"</ul></nav>"_s;

    QString html;
    html.reserve(256 * 1024);
    html += u"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>"_s
        + escape(title) + u"</title><style>"_s + QString::fromUtf8(Style) + u"</style></head><body><main>"_s;
    html += u"<h1>"_s + escape(title) + u" <span class=\"muted\">"_s + escape(info.value(u"version"_s).toString())
        + u"</span></h1>"_s;
    html += prose(info.value(u"description"_s).toString());
    html += u"<p>The machine-readable document is at <a href=\"/openapi.json\"><code>/openapi.json</code></a>.</p>"_s;
    html += nav + sections + schemaSection();
    html += u"</main></body></html>\n"_s;
    return html.toUtf8();
}

} // namespace

QByteArray renderDocsPage(const QJsonObject &openApi)
{
    return Renderer(openApi).render();
}

} // namespace vami::http
