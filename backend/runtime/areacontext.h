#pragma once

#include "backendconfig.h"
#include "serviceregistry.h"

namespace vami {

class BlobStore;
class Clock;
class Database;
class EmailOutbox;
class HttpClient;
class JobQueue;
class JobRegistry;
class Outbox;
class PasswordHasher;

// What an area is built from: the platform's collaborators, the configuration and
// the services the areas before it provided.
struct AreaContext
{
    const BackendConfig &config;
    const Clock &clock;
    Database &database;
    const PasswordHasher &hasher;
    JobQueue &jobs;
    JobRegistry &jobKinds;
    Outbox &outbox;
    EmailOutbox &email;
    const HttpClient &http;
    BlobStore &blobs;
    ServiceRegistry &services;
};

} // namespace vami
