#include "kafkacore/schemas/registryhttp_p.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <string_view>

namespace kafkalab::schemas {

namespace {

size_t collect(char* data, size_t size, size_t count, void* user)
{
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

} // namespace

// One HTTP request to the registry: `method` GET, POST, PUT or DELETE; `body` JSON (POST and PUT).
RegistryAnswer registryRequest(
    const RegistryConnection& c, const char* method, const QString& path, const std::string& body)
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    RegistryAnswer answer;
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) {
        answer.transportError = QStringLiteral("could not make an HTTP client");
        return answer;
    }
    QString base = c.url;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const QByteArray url = (base + path).toUtf8();
    const QByteArray user = c.user.toUtf8();
    const QByteArray password = c.password.toUtf8();
    const QByteArray ca = c.caFile.toUtf8();
    char errorBuffer[CURL_ERROR_SIZE] = {};
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, url.constData());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); // no SIGALRM on a worker thread
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, long(c.timeoutMs));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, long(std::min(c.timeoutMs, 5000)));
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer.body);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    if (std::string_view(method) == "POST" || std::string_view(method) == "PUT") {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, long(body.size()));
    }
    curl_slist* headers
        = curl_slist_append(nullptr, "Accept: application/vnd.schemaregistry.v1+json, application/json");
    headers = curl_slist_append(headers, "Content-Type: application/vnd.schemaregistry.v1+json");
    QByteArray bearer;
    if (!c.bearerToken.isEmpty()) {
        bearer = "Authorization: Bearer " + c.bearerToken.toUtf8();
        headers = curl_slist_append(headers, bearer.constData());
    } else if (!c.user.isEmpty()) {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, long(CURLAUTH_BASIC));
        curl_easy_setopt(h, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(h, CURLOPT_PASSWORD, password.constData());
    }
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headerList(headers, &curl_slist_free_all);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    if (!c.caFile.isEmpty())
        curl_easy_setopt(h, CURLOPT_CAINFO, ca.constData());
    const CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        answer.transportError = QString::fromUtf8(errorBuffer[0] ? errorBuffer : curl_easy_strerror(rc));
        return answer;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &answer.status);
    return answer;
}

} // namespace kafkalab::schemas
