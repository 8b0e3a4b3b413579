#include "dispatcher.h"

#include "errormapper.h"
#include "formbody.h"
#include "multipartbody.h"
#include "responsecheck.h"
#include "guard/connectionguard.h"

#include "auth/authservice.h"
#include "core/ids.h"
#include "core/logging.h"
#include "json/strictjson.h"
#include "runtime/backend.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QStringDecoder>

#include <exception>

using namespace Qt::StringLiterals;

namespace vami::http {

namespace {

bool isValidRequestId(QByteArrayView id)
{
    if (id.isEmpty() || id.size() > 64)
        return false;
    for (char c : id) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
              || c == '-'))
            return false;
    }
    return true;
}

QByteArray generateRequestId()
{
    return newId().toByteArray(QUuid::WithoutBraces);
}

// The media type of a Content-Type value, lower-cased, without parameters.
QByteArray mediaType(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
}

bool isJsonMediaType(const QByteArray &type)
{
    return type == "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

// The charset parameter of a Content-Type value, lower-cased and unquoted; empty
// when there is none.
QByteArray charsetOf(const QByteArray &contentType)
{
    const QList<QByteArray> parts = contentType.split(';');
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray parameter = parts.at(i).trimmed();
        const qsizetype equals = parameter.indexOf('=');
        if (equals < 0 || parameter.left(equals).trimmed().toLower() != "charset")
            continue;
        QByteArray value = parameter.mid(equals + 1).trimmed();
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        return value.toLower();
    }
    return {};
}

// Every coding named by the Content-Encoding fields other than identity (the
// server decodes none).
QList<QByteArray> contentCodings(const HttpRequest &request)
{
    QList<QByteArray> codings;
    for (const QByteArray &value : request.headerValues("content-encoding")) {
        for (const QByteArray &part : value.split(',')) {
            const QByteArray coding = part.trimmed().toLower();
            if (!coding.isEmpty() && coding != "identity")
                codings.append(coding);
        }
    }
    return codings;
}

Error notAuthenticated()
{
    return Error::unauthorized(u"auth.not_authenticated"_s, QT_TRANSLATE_NOOP("vami", "Not authenticated"));
}

Error invalidCredentials()
{
    return Error::unauthorized(u"auth.invalid_token"_s, QT_TRANSLATE_NOOP("vami", "Could not validate credentials"));
}

} // namespace

Dispatcher::Dispatcher(HttpContext &context, QObject *owner)
    : m_context(context)
    , m_owner(owner)
    , m_metrics(context.metrics.addShard())
{
}

HttpRequest Dispatcher::readRequest(const QHttpServerRequest &source, QTcpSocket *socket)
{
    HttpRequest request;
    request.started.start();
    RequestHead head;
    if (ConnectionGuard *guard = ConnectionGuard::of(socket))
        head = guard->takeCompleted();
    if (head.target.isEmpty()) {
        // Not seen by a guard (should not happen): fall back to QHttpServer's view.
        const QUrl url = source.url();
        head.target = url.path(QUrl::FullyEncoded).toUtf8();
        if (url.hasQuery())
            head.target += '?' + url.query(QUrl::FullyEncoded).toUtf8();
        head.method = methodName(Method::Get);
        switch (source.method()) {
        case QHttpServerRequest::Method::Post: head.method = "POST"; break;
        case QHttpServerRequest::Method::Put: head.method = "PUT"; break;
        case QHttpServerRequest::Method::Delete: head.method = "DELETE"; break;
        case QHttpServerRequest::Method::Patch: head.method = "PATCH"; break;
        case QHttpServerRequest::Method::Head: head.method = "HEAD"; break;
        case QHttpServerRequest::Method::Options: head.method = "OPTIONS"; break;
        default: break;
        }
        head.requestId = source.value("x-request-id");
    }
    request.method = parseMethod(head.method);
    request.target = head.target;
    const qsizetype question = head.target.indexOf('?');
    const QByteArrayView pathPart = question < 0 ? QByteArrayView(head.target)
                                                 : QByteArrayView(head.target).first(question);
    request.path = RouteTable::normalizePath(pathPart);
    if (question >= 0) {
        QByteArray query = head.target.mid(question + 1);
        query.replace('+', "%20"); // form encoding: '+' is a space
        request.query.setQuery(QString::fromUtf8(query));
    }
    const auto headers = source.headers();
    request.headers.reserve(headers.size());
    for (const auto &[name, value] : headers)
        request.headers.emplace_back(name.toLower(), value.trimmed());
    request.body = source.body();
    request.peer = unmapped(socket->peerAddress());
    request.keepAlive = head.keepAlive;
    request.requestId = isValidRequestId(head.requestId) ? head.requestId : generateRequestId();

    // The client is the peer, unless the peer is a trusted proxy: then the right-most
    // address in X-Forwarded-For that is not itself a trusted proxy (the guard
    // decided the allowlist on the same address).
    request.clientAddress = m_context.access.clientAddress(request.peer, request.headerValues("x-forwarded-for"))
                                .toString();
    return request;
}

void Dispatcher::dispatch(const QHttpServerRequest &source, QTcpSocket *socket)
{
    HttpRequest request = readRequest(source, socket);
    State state;
    std::optional<HttpResponse> response;
    try {
        response = process(request, socket, state);
    } catch (const std::exception &e) {
        qCCritical(lcHttp).noquote() << "request" << request.requestId << "threw:" << e.what();
        response = errorResponse(Error::internal(QString::fromUtf8(e.what())), request.requestId);
    } catch (...) {
        response = errorResponse(Error::internal(u"unknown exception"_s), request.requestId);
    }
    if (response)
        finish(socket, request, std::move(*response), state);
}

std::optional<HttpResponse> Dispatcher::limitRate(const QString &key, const QList<RateLimiter::Rule> &rules,
                                                  const HttpRequest &request, State &state)
{
    const RateLimiter::Decision decision = m_context.rateLimiter.hit(key, rules);
    if (rules.size() == 2 && decision.remaining.size() == 2) {
        // Report the most constrained of the global windows seen so far.
        auto put = [&state](const QByteArray &name, int value) {
            for (auto &[n, v] : state.extraHeaders) {
                if (n == name) {
                    v = QByteArray::number(std::min(v.toInt(), value));
                    return;
                }
            }
            state.extraHeaders.emplace_back(name, QByteArray::number(value));
        };
        put("X-RateLimit-Limit-Minute", rules[0].limit);
        put("X-RateLimit-Limit-Hour", rules[1].limit);
        put("X-RateLimit-Remaining-Minute", decision.remaining[0]);
        put("X-RateLimit-Remaining-Hour", decision.remaining[1]);
    }
    if (decision.allowed)
        return std::nullopt;
    m_context.metrics.countRateLimited();
    QString text;
    if (rules.size() == 1)
        text = u"Rate limit exceeded: %1 per %2 seconds"_s.arg(rules[0].limit).arg(rules[0].windowSeconds);
    else
        text = u"Rate limit exceeded: %1 requests per minute, %2 per hour"_s.arg(rules[0].limit).arg(rules[1].limit);
    Error error = Error::rateLimited(u"rate_limited"_s, "%1", decision.retryAfterSeconds, {text});
    return errorResponse(error, request.requestId);
}

Result<std::optional<Actor>> Dispatcher::authenticate(const HttpRequest &request, bool required)
{
    QByteArray token;
    bool apiKey = false;
    const QByteArray authorization = request.header("authorization");
    if (!authorization.isEmpty()) {
        const QList<QByteArray> parts = authorization.simplified().split(' ');
        if (parts.size() != 2)
            return fail(Error::unauthorized(u"auth.invalid_header"_s,
                                            QT_TRANSLATE_NOOP("vami", "Invalid authorization header")));
        if (parts[0].toLower() != "bearer")
            return fail(invalidCredentials());
        token = parts[1];
        apiKey = token.startsWith("vami_");
    } else if (request.hasHeader("x-api-key")) {
        token = request.header("x-api-key");
        apiKey = true;
    }
    if (token.isEmpty()) {
        if (required)
            return fail(notAuthenticated());
        return std::optional<Actor>();
    }
    Backend &backend = m_context.backend;
    const ClientInfo client{request.clientAddress, QString::fromUtf8(request.header("user-agent").left(512)),
                            QString::fromLatin1(request.requestId)};
    if (apiKey) {
        auto actor = backend.service<AuthService>().authenticateApiKey(QString::fromLatin1(token), client);
        if (!actor)
            return fail(actor.error());
        return std::optional<Actor>(*actor);
    }
    auto claims = m_context.jwt.verify(token);
    if (!claims)
        return fail(invalidCredentials());
    auto actor = backend.service<AuthService>().authenticateSession(
        SessionRef{claims->sessionId, claims->userId, claims->organizationId, claims->tokenVersion}, client);
    if (!actor)
        return fail(actor.error());
    return std::optional<Actor>(*actor);
}

std::optional<HttpResponse> Dispatcher::readQuery(Exchange &exchange)
{
    QList<FieldError> errors;
    const HttpRequest &request = exchange.request();
    // Occurrences of each name, decoded (so "per%5Fpage" is "per_page"): a parameter
    // given twice is ambiguous (a proxy or cache may read the other value), so every
    // declared parameter, all single-valued, may appear once.
    QHash<QString, QJsonArray> occurrences;
    for (const auto &[name, value] : request.query.queryItems(QUrl::FullyDecoded))
        occurrences[name].append(value);
    for (const RouteParam &param : exchange.route().params) {
        if (param.in != RouteParam::In::Query)
            continue;
        const QJsonArray given = occurrences.value(param.name);
        if (given.size() > 1) {
            errors.append(FieldError{param.name, u"multiple_values"_s,
                                     QT_TRANSLATE_NOOP("vami", "Parameter given more than once; give it once"), {},
                                     given});
            continue;
        }
        if (!request.query.hasQueryItem(param.name)) {
            if (param.required)
                errors.append(FieldError{param.name, u"missing"_s, QT_TRANSLATE_NOOP("vami", "Field required"), {},
                                         QJsonValue(QJsonValue::Null)});
            continue;
        }
        const QString text = request.query.queryItemValue(param.name, QUrl::FullyDecoded);
        QJsonValue value(text);
        if (param.schema.type() == Schema::Type::Integer) {
            bool ok = false;
            const qint64 number = text.toLongLong(&ok);
            if (!ok || text.trimmed() != text || number < -(qint64(1) << 53) || number > (qint64(1) << 53)) {
                errors.append(FieldError{param.name, u"int_parsing"_s,
                                         QT_TRANSLATE_NOOP("vami",
                                                           "Input should be a valid integer, unable to parse string "
                                                           "as an integer"),
                                         {}, text});
                continue;
            }
            value = QJsonValue(double(number));
        } else if (param.schema.type() == Schema::Type::Boolean) {
            static const QStringList yes = {u"true"_s, u"1"_s, u"yes"_s, u"on"_s};
            static const QStringList no = {u"false"_s, u"0"_s, u"no"_s, u"off"_s};
            if (yes.contains(text.toLower())) {
                value = true;
            } else if (no.contains(text.toLower())) {
                value = false;
            } else {
                errors.append(FieldError{param.name, u"bool_parsing"_s,
                                         QT_TRANSLATE_NOOP("vami", "Input should be a valid boolean, unable to "
                                                                   "interpret input"),
                                         {}, text});
                continue;
            }
        }
        auto checked = param.schema.validate(value);
        if (!checked) {
            for (FieldError f : checked.error().fields()) {
                f.field = f.field.isEmpty() ? param.name : param.name + u'.' + f.field;
                errors.append(f);
            }
        }
    }
    if (errors.isEmpty())
        return std::nullopt;
    return exchange.fail(Error::validation(errors), u"query");
}

namespace {

// A route that requires a body got none.
Error missingBody()
{
    return Error::validation({FieldError{QString(), u"missing"_s, QT_TRANSLATE_NOOP("vami", "Field required"), {},
                                         QJsonValue(QJsonValue::Null)}});
}

} // namespace

std::optional<HttpResponse> Dispatcher::readBody(Exchange &exchange)
{
    const Route &route = exchange.route();
    const HttpRequest &request = exchange.request();
    // A body in a coding the server does not decode is not JSON (nor anything else
    // the routes read): refuse it instead of parsing compressed bytes.
    const QList<QByteArray> codings = contentCodings(request);
    if (!request.body.isEmpty() && !codings.isEmpty()) {
        HttpResponse response = HttpResponse::error(
            415, u"Unsupported Content-Encoding \"%1\": request bodies must not be encoded"_s.arg(
                     QString::fromLatin1(codings.join(", "))));
        response.addHeader("Accept-Encoding", "identity");
        return response;
    }
    if (route.bodyKind == BodyKind::Multipart)
        return readMultipartBody(exchange);
    if (route.bodyKind == BodyKind::Raw || !route.body)
        return std::nullopt;
    const QByteArray contentType = request.header("content-type");
    if (route.bodyKind == BodyKind::Form)
        return readFormBody(exchange);
    if (!request.body.isEmpty() && !contentType.isEmpty() && !isJsonMediaType(mediaType(contentType)))
        return HttpResponse::error(415, u"Unsupported media type"_s);
    const QByteArray charset = charsetOf(contentType);
    if (!request.body.isEmpty() && !charset.isEmpty() && charset != "utf-8" && charset != "utf8") {
        return HttpResponse::error(415, u"Unsupported charset \"%1\": JSON bodies must be UTF-8"_s.arg(
                                            QString::fromLatin1(charset.left(64))));
    }
    if (request.body.trimmed().isEmpty()) {
        if (route.bodyRequired) {
            return exchange.fail(missingBody());
        }
        exchange.setBody({});
        return std::nullopt;
    }
    StrictJsonLimits limits;
    limits.maxStringBytes = std::min<qsizetype>(limits.maxStringBytes, route.maxBodyBytes);
    auto parsed = parseStrictJson(request.body, limits);
    if (!parsed) {
        FieldError invalid{QString::number(parsed.error().position), u"json_invalid"_s,
                           QT_TRANSLATE_NOOP("vami", "JSON decode error"), {}, QJsonObject()};
        HttpResponse response = exchange.fail(Error::validation({invalid}));
        return response;
    }
    auto validated = route.body->validate(*parsed);
    if (!validated)
        return exchange.fail(validated.error());
    exchange.setBody(validated->toObject());
    return std::nullopt;
}

std::optional<HttpResponse> Dispatcher::readFormBody(Exchange &exchange)
{
    const Route &route = exchange.route();
    const HttpRequest &request = exchange.request();
    const QByteArray type = mediaType(request.header("content-type"));
    if (!request.body.isEmpty() && type != "application/x-www-form-urlencoded")
        return HttpResponse::error(415, u"Unsupported media type: expected application/x-www-form-urlencoded"_s);
    if (request.body.isEmpty() && route.bodyRequired) {
        return exchange.fail(missingBody());
    }
    auto fields = parseFormFields(request.body);
    if (!fields)
        return exchange.fail(fields.error());
    auto validated = route.body->validate(*fields);
    if (!validated)
        return exchange.fail(validated.error());
    exchange.setBody(validated->toObject());
    return std::nullopt;
}

std::optional<HttpResponse> Dispatcher::readMultipartBody(Exchange &exchange)
{
    const Route &route = exchange.route();
    const HttpRequest &request = exchange.request();
    const QByteArray contentType = request.header("content-type");
    if (!request.body.isEmpty() && mediaType(contentType) != "multipart/form-data")
        return HttpResponse::error(415, u"Unsupported media type: expected multipart/form-data"_s);
    if (request.body.isEmpty() && route.bodyRequired)
        return exchange.fail(missingBody());
    MultipartBody parts;
    if (!request.body.isEmpty()) {
        MultipartLimits limits;
        limits.maxParts = std::max(limits.maxParts, int(route.parts.size()));
        auto parsed = MultipartBody::parse(request.body, contentType, limits);
        if (!parsed)
            return exchange.fail(parsed.error());
        parts = std::move(*parsed);
    }
    // Size first: an oversized part answers 413 like an oversized body.
    for (const MultipartPart &part : parts.parts()) {
        for (const MultipartPartSpec &spec : route.parts) {
            if (spec.name == part.name && part.size > spec.maxBytes) {
                return HttpResponse::error(413, u"Part \"%1\" too large. Maximum size: %2 bytes"_s.arg(
                                                    spec.name, QString::number(spec.maxBytes)));
            }
        }
    }
    QList<FieldError> errors;
    QJsonObject fields;
    for (const MultipartPart &part : parts.parts()) {
        const MultipartPartSpec *spec = nullptr;
        for (const MultipartPartSpec &s : route.parts) {
            if (s.name == part.name)
                spec = &s;
        }
        if (!spec) {
            errors.append(FieldError{part.name, u"extra_forbidden"_s,
                                     QT_TRANSLATE_NOOP("vami", "Extra inputs are not permitted"), {}});
            continue;
        }
        if (spec->kind == MultipartPartSpec::Kind::File && !part.isFile) {
            errors.append(FieldError{part.name, u"file_expected"_s,
                                     QT_TRANSLATE_NOOP("vami", "Expected a file upload"), {}});
            continue;
        }
        if (spec->kind == MultipartPartSpec::Kind::Field && part.isFile) {
            errors.append(FieldError{part.name, u"field_expected"_s,
                                     QT_TRANSLATE_NOOP("vami", "Expected a text field, not a file"), {}});
            continue;
        }
        if (!spec->mediaTypes.isEmpty() && !spec->mediaTypes.contains(part.mediaType)) {
            errors.append(FieldError{part.name, u"media_type"_s,
                                     QT_TRANSLATE_NOOP("vami", "Media type not allowed; expected one of: %1"),
                                     {QString::fromLatin1(spec->mediaTypes.join(", "))},
                                     QString::fromLatin1(part.mediaType.left(128))});
            continue;
        }
        if (spec->kind == MultipartPartSpec::Kind::Field) {
            QStringDecoder decoder(QStringDecoder::Utf8,
                                   QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
            const QString text = decoder.decode(parts.content(part));
            if (decoder.hasError()) {
                errors.append(FieldError{part.name, u"string_unicode"_s,
                                         QT_TRANSLATE_NOOP("vami", "Input should be a valid UTF-8 string"), {}});
                continue;
            }
            fields.insert(part.name, text);
        }
    }
    for (const MultipartPartSpec &spec : route.parts) {
        if (spec.required && !parts.part(spec.name))
            errors.append(FieldError{spec.name, u"missing"_s, QT_TRANSLATE_NOOP("vami", "Field required"), {},
                                     QJsonValue(QJsonValue::Null)});
    }
    if (!errors.isEmpty())
        return exchange.fail(Error::validation(errors));
    if (route.body) {
        auto validated = route.body->validate(fields);
        if (!validated)
            return exchange.fail(validated.error());
        exchange.setBody(validated->toObject());
    } else {
        exchange.setBody(fields);
    }
    exchange.setMultipart(std::move(parts));
    return std::nullopt;
}

std::optional<HttpResponse> Dispatcher::readPathIds(Exchange &exchange)
{
    for (const RouteParam &param : exchange.route().params) {
        if (param.in != RouteParam::In::Path || param.kind != RouteParam::Kind::Id)
            continue;
        const std::optional<QUuid> id = parseId(exchange.pathParam(param.name));
        if (!id) {
            const Error error = param.notFound
                ? param.notFound()
                : Error::notFound(u"not_found"_s, QT_TRANSLATE_NOOP("vami", "Not found"));
            return exchange.fail(error);
        }
        exchange.setId(param.name, *id);
    }
    return std::nullopt;
}

std::optional<HttpResponse> Dispatcher::verifyCallback(Exchange &exchange)
{
    const Route &route = exchange.route();
    // A route without a verifier (its provider is not configured) refuses every call.
    const Status verified = route.verifier
        ? route.verifier(exchange.request())
        : Status(fail(Error::unauthorized(
              u"callback.not_configured"_s,
              QT_TRANSLATE_NOOP("vami", "Callbacks from this provider are not configured"))));
    if (!verified)
        return exchange.fail(verified.error());
    return std::nullopt;
}

HttpResponse Dispatcher::checkedResponse(const Exchange &exchange, HttpResponse response)
{
    QString problem = ResponseCheck::problem(exchange.route(), response);
    if (problem.isEmpty())
        return response;
    return exchange.fail(Error::internal(u"response of "_s + exchange.route().name + u" does not match its schema: "_s
                                         + problem));
}

std::optional<HttpResponse> Dispatcher::process(HttpRequest &request, QTcpSocket *socket, State &state)
{
    // The connection guard decided the IP allowlist and the host names before the
    // body was read; checked again here for a request that did not pass a guard.
    if (!m_context.access.allowsAddress(QHostAddress(request.clientAddress))) {
        state.routeName = u"denied"_s;
        return HttpResponse::error(403, u"Access denied: IP not whitelisted"_s);
    }
    if (!m_context.access.allowsHost(request.header("host"))) {
        state.routeName = u"denied"_s;
        return HttpResponse::error(421, u"Unknown host: this server does not answer for the name in the Host header"_s);
    }

    const RouteTable::Match match = m_context.routes.match(request.method, request.path);

    if (CorsPolicy::isPreflight(request)) {
        state.routeName = u"preflight"_s;
        if (match.kind == RouteTable::Match::Kind::NotFound)
            return HttpResponse::error(404, u"Not Found"_s);
        QList<Method> allowed = match.allowed;
        if (match.route && !allowed.contains(match.route->method))
            allowed.prepend(match.route->method);
        return m_context.cors.preflight(request, allowed);
    }

    if (match.kind == RouteTable::Match::Kind::NotFound)
        return HttpResponse::error(404, u"Not Found"_s);
    if (match.kind == RouteTable::Match::Kind::MethodNotAllowed) {
        HttpResponse response = HttpResponse::error(405, u"Method Not Allowed"_s);
        QByteArray allow;
        for (Method m : match.allowed)
            allow += (allow.isEmpty() ? QByteArray() : QByteArray(", ")) + methodName(m);
        response.addHeader("Allow", allow);
        return response;
    }
    const Route &route = *match.route;
    state.routeName = route.name;

    const RateLimitConfig &limits = m_context.config.rateLimit;
    const QString clientKey = clientBucket(QHostAddress(request.clientAddress));
    if (limits.enabled && !route.rateLimitExempt && route.access != Access::SignedCallback) {
        if (!route.rateRules.isEmpty()) {
            QList<RateLimiter::Rule> rules;
            for (const RateRule &r : route.rateRules)
                rules.append({r.limit, r.windowSeconds});
            if (auto refused = limitRate(u"route:"_s + route.name + u':' + clientKey, rules, request, state))
                return refused;
        }
        if (auto refused = limitRate(u"ip:"_s + clientKey, {{limits.perMinute, 60}, {limits.perHour, 3600}}, request,
                                     state))
            return refused;
    }

    auto exchange = std::make_shared<Exchange>(m_context, std::move(request), &route, match.params);
    const HttpRequest &req = exchange->request();
    // The exchange owns the request now; finish() reads it back on every exit.
    const auto refuse = [&](HttpResponse response) {
        request = exchange->request();
        return response;
    };

    if (route.access == Access::SignedCallback) {
        if (auto refused = verifyCallback(*exchange))
            return refuse(*refused);
    } else if (route.access != Access::Public) {
        auto actor = authenticate(req, route.access == Access::Authenticated);
        if (!actor)
            return refuse(errorResponse(actor.error(), req.requestId));
        if (actor->has_value()) {
            const Actor &a = **actor;
            if (limits.enabled && !route.rateLimitExempt) {
                const QString principal = a.isApiKey() ? u"key:"_s + idText(a.apiKeyId) : u"user:"_s + idText(a.userId);
                if (auto refused = limitRate(principal, {{limits.perMinute, 60}, {limits.perHour, 3600}}, req, state))
                    return refuse(*refused);
            }
            exchange->setActor(**actor);
        }
    }

    if (auto refused = readQuery(*exchange))
        return refuse(*refused);
    if (auto refused = readBody(*exchange))
        return refuse(*refused);
    if (auto refused = readPathIds(*exchange))
        return refuse(*refused);

    if (route.execution != Execution::Inline && ConnectionGuard::of(socket)) {
        request = exchange->request(); // finish() needs the request if the pool refuses
        runDeferred(std::move(exchange), socket, state);
        return std::nullopt;
    }
    HttpResponse response = runHandler(*exchange);
    request = exchange->request();
    return response;
}

HttpResponse Dispatcher::runHandler(Exchange &exchange)
{
    try {
        HttpResponse response = exchange.route().handler(exchange);
        if (m_context.config.checkResponses)
            return checkedResponse(exchange, std::move(response));
        return response;
    } catch (const std::exception &e) {
        return exchange.fail(Error::internal(u"handler threw: "_s + QString::fromUtf8(e.what())));
    } catch (...) {
        return exchange.fail(Error::internal(u"handler threw an unknown exception"_s));
    }
}

void Dispatcher::runDeferred(std::shared_ptr<Exchange> exchange, QTcpSocket *socket, State state)
{
    ConnectionGuard *guard = ConnectionGuard::of(socket);
    guard->beginDeferred();
    QPointer<QTcpSocket> target(socket);
    QObject *owner = m_owner;
    HeavyPool &pool = exchange->route().execution == Execution::SlowIo ? m_context.slowIo : m_context.heavy;
    const bool started = pool.tryStart([this, exchange, target, owner, state] {
        HttpResponse response = runHandler(*exchange);
        QMetaObject::invokeMethod(
            owner,
            [this, exchange, target, state, response = std::move(response)]() mutable {
                if (!target || target->state() != QAbstractSocket::ConnectedState) {
                    qCDebug(lcHttp) << "client left before its response was ready:" << exchange->requestId();
                    return;
                }
                ConnectionGuard *g = ConnectionGuard::of(target);
                const bool heldInput = g ? g->finishDeferred() : true;
                finish(target, exchange->request(), std::move(response), state, heldInput);
            },
            Qt::QueuedConnection);
    });
    if (!started) {
        guard->finishDeferred();
        m_context.metrics.countHeavyRejected();
        HttpResponse busy = errorResponse(Error::unavailable(u"server_busy"_s,
                                                             QT_TRANSLATE_NOOP("vami", "The server is busy. Try again shortly."), 2),
                                          exchange->requestId());
        finish(socket, exchange->request(), std::move(busy), state);
    }
}

void Dispatcher::finish(QTcpSocket *socket, const HttpRequest &request, HttpResponse response, const State &state,
                        bool forceClose)
{
    const double seconds = double(request.started.nsecsElapsed()) / 1e9;
    response.headers.append(state.extraHeaders);
    response.addHeader("X-Process-Time", QByteArray::number(seconds, 'f', 6));
    m_context.cors.decorate(response, request);
    if (!request.keepAlive || forceClose)
        response.closeConnection = true;
    QByteArrayView csp;
    if (response.contentType.startsWith("text/html"))
        csp = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
    socket->write(serializeResponse(response, request.requestId, request.method == Method::Head, csp));
    if (response.closeConnection)
        socket->disconnectFromHost();
    else if (ConnectionGuard *guard = ConnectionGuard::of(socket))
        guard->outputQueued(); // a client that does not read gets no more answers queued
    m_metrics->record(state.routeName, request.method, response.status, seconds);
    if (seconds > 2.0)
        qCWarning(lcHttp).noquote() << "slow request" << request.requestId << methodName(request.method)
                                    << request.path << response.status << seconds << "s";
    if (m_context.config.logRequests)
        qCInfo(lcHttpAccess).noquote() << request.clientAddress << methodName(request.method) << request.path
                                       << response.status << QString::number(seconds * 1000, 'f', 2) + u" ms"_s
                                       << request.requestId;
}

} // namespace vami::http
