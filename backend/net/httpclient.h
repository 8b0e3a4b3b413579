#pragma once

#include "outboundconfig.h"
#include "outboundrequest.h"
#include "outboundresponse.h"
#include "targetpolicy.h"

#include "core/result.h"

namespace vami {

class Clock;

// Blocking outbound HTTP/1.1 on libcurl, for jobs and provider adapters: never call
// it on a GUI or connection thread, nor inside a database transaction.
//
// Every hop (the first URL and each redirect) is checked by the TargetPolicy, and
// the address libcurl is about to connect to is checked again in its open-socket
// callback, so a DNS answer cannot swap a permitted name for a denied address: the
// connection goes to exactly the address that was checked. Proxies from the
// environment are ignored; certificates and host names are always verified; answers
// are not decompressed; an answer beyond the size limit aborts the transfer.
//
// Failures are classified as the SMTP mailer does: Error::unavailable (worth a
// retry: "net.timeout", "net.connect_failed", "net.resolve_failed",
// "net.connection_lost", "net.server_error" for 5xx, "net.cancelled"),
// Error::rateLimited ("net.rate_limited" for 429, after Retry-After or 60 s) or
// Error::rejected (permanent: "net.url_refused", "net.target_forbidden",
// "net.tls_failed", "net.too_large", "net.client_error" for 4xx, "net.redirect",
// "net.bad_reply").
class HttpClient
{
public:
    HttpClient(OutboundConfig config, const Clock &clock);

    [[nodiscard]] const OutboundConfig &config() const { return m_config; }
    [[nodiscard]] const TargetPolicy &policy() const { return m_policy; }

    // Performs the exchange and returns the final answer whatever its status (a 4xx
    // body may carry a provider's explanation); at most `maxRedirects` redirects are
    // followed, a redirect beyond them is returned as the answer. Errors are the
    // transport and policy failures only.
    [[nodiscard]] Result<OutboundResponse> exchange(const OutboundRequest &request) const;
    // exchange(), and any answer other than 2xx as the error errorFor() gives.
    [[nodiscard]] Result<OutboundResponse> send(const OutboundRequest &request) const;
    // The classified error for a non-2xx answer; success for a 2xx one.
    [[nodiscard]] Status errorFor(const OutboundResponse &response) const;
    // Seconds a Retry-After value (delta seconds or an HTTP date) asks to wait;
    // 0 when absent or unreadable, at most a day.
    [[nodiscard]] int retryAfterSeconds(const QByteArray &value) const;

private:
    OutboundConfig m_config;
    TargetPolicy m_policy;
    const Clock &m_clock;
};

} // namespace vami
