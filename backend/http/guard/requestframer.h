#pragma once

#include "framelimits.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <functional>

namespace vami::http {

// What the framer learned from one request's head (request line + header fields).
struct RequestHead
{
    QByteArray method;      // as sent, e.g. "GET"
    QByteArray target;      // request-target as sent, e.g. "/api/team/members?page=1"
    int httpMinor = 1;      // HTTP/1.0 or HTTP/1.1
    bool keepAlive = true;  // false for "Connection: close" or HTTP/1.0 without keep-alive
    bool expectContinue = false;
    bool chunked = false;
    qint64 contentLength = -1; // -1: no Content-Length field
    QByteArray requestId;   // X-Request-ID as sent (unvalidated), empty when absent
    QByteArray host;
};

// A reason to refuse a connection's input. The guard answers `status` with
// {"detail": detail} and closes the connection.
struct FrameRejection
{
    int status = 400;
    QByteArray detail;
};

// Incremental RFC 9112 request-framing validator for one connection. It sees every
// byte once, in order, keeps only the current head (never the body), and enforces
// FrameLimits. Strict by design: CRLF line ends only, no obs-fold, no whitespace
// before ':', no CTL/NUL in field values, exactly one Host for HTTP/1.1, one valid
// Content-Length (duplicates must be identical), no Content-Length together with
// Transfer-Encoding, Transfer-Encoding exactly "chunked", well-formed chunk sizes
// (at most 16 hex digits), known methods only (GET HEAD POST PUT DELETE PATCH
// OPTIONS; CONNECT/TRACE/unknown: 501), HTTP/1.0 and HTTP/1.1 only (else 505),
// "Expect: 100-continue" only (else 417).
class RequestFramer
{
public:
    // Largest body accepted for a request; called once per request when its head is
    // complete (the route decides; e.g. a JSON route 1 MiB, an upload 10 MiB).
    using BodyLimitLookup = std::function<qint64(QByteArrayView method, QByteArrayView target)>;

    enum class EventType {
        HeadComplete,    // head() describes the request; its body (if any) follows
        MessageComplete, // the request's last body byte (or its head, without body) was seen
        Rejected,        // rejection() says why; the framer accepts no more input
    };
    struct Event
    {
        EventType type;
        RequestHead head;
        FrameRejection rejection;
    };

    RequestFramer(const FrameLimits &limits, BodyLimitLookup bodyLimit);

    // Processes `size` bytes and returns the events they produced, in order. Several
    // pipelined requests in one buffer give several event pairs.
    QList<Event> feed(const char *data, qsizetype size);

    // True between the first byte of a request and its MessageComplete.
    [[nodiscard]] bool inRequest() const;
    // True while the current request's body is being received.
    [[nodiscard]] bool inBody() const;
    [[nodiscard]] bool rejected() const;

private:
    // Implementation state (parser phase, counters, current head, line buffer).
    struct State;
    FrameLimits m_limits;
    BodyLimitLookup m_bodyLimit;
    enum class Phase { RequestLine, Headers, FixedBody, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Dead };
    Phase m_phase = Phase::RequestLine;
    QByteArray m_line;          // the current line being assembled (request line or a field line)
    qsizetype m_headerBytes = 0;
    int m_headerCount = 0;
    qint64 m_remaining = 0;     // body or chunk bytes still expected
    qint64 m_bodyReceived = 0;  // decoded body bytes of this request so far
    qint64 m_bodyLimitBytes = 0;
    int m_hostCount = 0;
    bool m_sawTransferEncoding = false;
    bool m_sawContentLength = false;
    RequestHead m_head;
};

} // namespace vami::http
