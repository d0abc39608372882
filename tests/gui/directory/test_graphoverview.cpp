// The far-out overview picture of a large graph pinned by digest: it was taken from the single-threaded shading
// before the picture was counted and shaded on every core (issue 14), so any change of a pixel shows here. Plus what
// the picture must show whatever its implementation: every node's colour where the node is, edges darker than paper.
#include "directory/directorygraph.h"
#include "directory/tenantgenerator.h"
#include "graph/directoryscene.h"
#include "graph/graphstyle.h"

#include <QCryptographicHash>
#include <QTest>

using namespace idex;
using namespace idex::ui;

class TestGraphOverview : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sameAsBefore_data()
    {
        QTest::addColumn<int>("objects");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QByteArray>("digest");
        QTest::newRow("one thread") << 4000 << QSize(2574, 3073)
                                    << QByteArray("762e5b63e713d4a9fedc6614a0de0d8898280087dd986bd8b191890de2134dad");
        // Over 20,000 edges: counted and shaded on every core, the same picture whatever their number.
        QTest::newRow("every core") << 8000 << QSize(3017, 3073)
                                    << QByteArray("ee4e96080143cfd9526b5e108121d7aa26befe1a4152c2cfb6a381cde0715b1d");
    }
    void sameAsBefore()
    {
        QFETCH(int, objects);
        QFETCH(QSize, size);
        QFETCH(QByteArray, digest);
        const Directory d = generateTenant({ objects, 3, 7 });
        DirectoryScene scene;
        scene.setGraph(DirectoryGraph::build(d));
        QVERIFY(scene.graph().nodes.size() >= DirectoryScene::overviewMinimumNodes);
        const QImage image = scene.overview();
        QVERIFY(!image.isNull());
        const qreal s = scene.overviewScale();
        const QRectF &bounds = scene.graph().bounds;
        // Each node's centre carries its kind's colour.
        for (int n = 0; n < scene.graph().nodes.size(); n += 97) {
            const GraphNode &node = scene.graph().nodes.at(n);
            const QPointF c = (node.rect.center() - bounds.topLeft()) * s;
            QCOMPARE(QColor(image.pixel(c.toPoint())), graphstyle::strokeOf(node.kind));
        }
        // The middle of a holds-role edge (in the gap between clients and roles) is ink, not paper.
        const GraphEdge &edge = scene.graph().edges.first();
        const QPointF a = (QPointF(scene.graph().nodes.at(edge.from).rect.right(),
                               scene.graph().nodes.at(edge.from).rect.center().y())
                              - bounds.topLeft())
            * s;
        const QPointF b
            = (QPointF(scene.graph().nodes.at(edge.to).rect.left(), scene.graph().nodes.at(edge.to).rect.center().y())
                  - bounds.topLeft())
            * s;
        QVERIFY(QColor(image.pixel(((a + b) / 2).toPoint())) != scene.backgroundBrush().color());
        const QByteArray bytes(reinterpret_cast<const char *>(image.constBits()), image.sizeInBytes());
        QCOMPARE(image.size(), size);
        QCOMPARE(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(), digest);
    }
};

QTEST_MAIN(TestGraphOverview)
#include "test_graphoverview.moc"
