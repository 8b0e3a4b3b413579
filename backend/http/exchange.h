#pragma once

#include "httpcontext.h"
#include "httprequest.h"
#include "multipartbody.h"
#include "route.h"

#include "auth/signedin.h"
#include "core/actor.h"
#include "core/result.h"
#include "json/jsonwriter.h"

#include <QHash>
#include <QJsonObject>
#include <QUuid>

#include <optional>

namespace vami::http {

// Everything a controller sees of one request: the request, its route, path
// parameters, the authenticated actor and the validated JSON body. Plain data:
// it may be handed to the heavy pool and outlive the connection.
class Exchange
{
public:
    Exchange(HttpContext &context, HttpRequest request, const Route *route, QHash<QString, QString> params);

    [[nodiscard]] HttpContext &context() const { return m_context; }
    [[nodiscard]] Backend &backend() const { return m_context.backend; }
    [[nodiscard]] const HttpRequest &request() const { return m_request; }
    [[nodiscard]] const Route &route() const { return *m_route; }
    [[nodiscard]] const QByteArray &requestId() const { return m_request.requestId; }

    [[nodiscard]] bool hasActor() const { return m_actor.has_value(); }
    [[nodiscard]] const Actor &actor() const { return *m_actor; }
    [[nodiscard]] const std::optional<Actor> &optionalActor() const { return m_actor; }
    void setActor(Actor actor) { m_actor = std::move(actor); }

    [[nodiscard]] const QJsonObject &body() const { return m_body; }
    void setBody(QJsonObject body) { m_body = std::move(body); }
    // True when the request carried a JSON body with this member.
    [[nodiscard]] bool bodyHas(const QString &name) const { return m_body.contains(name); }

    // The parts of a multipart body (BodyKind::Multipart), already checked against
    // the route's parts; contents are views into the request body.
    [[nodiscard]] const MultipartBody &multipart() const { return m_multipart; }
    void setMultipart(MultipartBody body) { m_multipart = std::move(body); }
    // The part with this name; nullptr when the request did not carry it.
    [[nodiscard]] const MultipartPart *part(QStringView name) const { return m_multipart.part(name); }
    // The content of the part with this name; empty when there is none.
    [[nodiscard]] QByteArrayView partContent(QStringView name) const;

    [[nodiscard]] QString pathParam(const QString &name) const { return m_params.value(name); }
    // A path id (RouteParam::Kind::Id), already parsed: the dispatcher answers the
    // route's not-found error before the handler runs when it is not an id.
    [[nodiscard]] QUuid id(const QString &name) const;
    void setId(const QString &name, const QUuid &id) { m_ids.insert(name, id); }

    [[nodiscard]] bool hasQuery(const QString &name) const;
    [[nodiscard]] QString queryText(const QString &name) const;

    [[nodiscard]] ClientInfo client() const;

    // Helpers for controllers.
    [[nodiscard]] HttpResponse fail(const Error &error, QStringView location = u"body") const;
    [[nodiscard]] HttpResponse json(int status, QByteArray body) const;
    // A writer whose buffer fits the route's previous answer; json() remembers the
    // size of this one.
    [[nodiscard]] JsonWriter writer() const;
    [[nodiscard]] HttpResponse message(const QString &text) const;

private:
    HttpContext &m_context;
    HttpRequest m_request;
    const Route *m_route;
    QHash<QString, QString> m_params;
    QHash<QString, QUuid> m_ids;
    std::optional<Actor> m_actor;
    QJsonObject m_body;
    MultipartBody m_multipart;
};

} // namespace vami::http
