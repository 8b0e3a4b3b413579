#pragma once

#include "testbackend.h"

#include "http/httpconfig.h"
#include "http/httpserver.h"

#include <QUrl>

#include <functional>
#include <memory>

namespace vami::test {

// The real HTTP server in this process, on a free port of 127.0.0.1, over a
// TestBackend. Rate limiting is off unless the test asks for it.
class TestServer
{
public:
    struct Options
    {
        TestBackend::Options backend;
        http::HttpConfig http = defaultHttpConfig();
        // Routes a test adds beside the product's (to exercise the dispatcher).
        std::function<void(http::RouteTable &)> extraRoutes;
    };
    static http::HttpConfig defaultHttpConfig();

    TestServer();
    explicit TestServer(const Options &options);
    ~TestServer();

    [[nodiscard]] bool isValid() const { return m_error.isEmpty(); }
    [[nodiscard]] const QString &error() const { return m_error; }
    [[nodiscard]] quint16 port() const { return m_server ? m_server->port() : 0; }
    [[nodiscard]] QUrl url(const QString &path = {}) const;
    [[nodiscard]] Backend &backend() { return m_backend->backend(); }
    [[nodiscard]] TestBackend &testBackend() { return *m_backend; }
    [[nodiscard]] http::HttpServer &server() { return *m_server; }

private:
    std::unique_ptr<TestBackend> m_backend;
    std::unique_ptr<http::HttpServer> m_server;
    QString m_error;
};

} // namespace vami::test
