// The peer of the emulator's cached-token answers in bench_emulator: a bare Qt HTTP Server route that returns a fixed
// JSON body (the emulator's own IMDS answer, read from a file) in a process like the emulator's: one thread, an event
// loop, loopback only. Prints "port N" once it listens; runs until it is ended or its time limit passes.
//   bench_bare_server BODY_FILE [--seconds S]
#include <QCoreApplication>
#include <QFile>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QTimer>

#include <algorithm>
#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    QFile file(args.value(1));
    if (args.size() < 2 || !file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "usage: bench_bare_server BODY_FILE [--seconds S]\n");
        return 2;
    }
    const QByteArray body = file.readAll();
    // Bounded even if the benchmark that started it dies without ending it.
    const int seconds = args.indexOf(QStringLiteral("--seconds")) > 0
        ? args.value(args.indexOf(QStringLiteral("--seconds")) + 1).toInt()
        : 600;

    QHttpServer server;
    server.route(QStringLiteral("/metadata/identity/oauth2/token"),
        [body] { return QHttpServerResponse(QByteArrayLiteral("application/json"), body); });
    const quint16 port = server.listen(QHostAddress::LocalHost, 0);
    if (port == 0) {
        std::fprintf(stderr, "bench_bare_server: cannot listen on 127.0.0.1\n");
        return 1;
    }
    std::printf("port %u\n", unsigned(port));
    std::fflush(stdout);

    QTimer::singleShot(std::max(1, seconds) * 1000, &app, &QCoreApplication::quit);
    return app.exec();
}
