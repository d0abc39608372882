#pragma once

#include <QGraphicsItem>

namespace idex::ui {

class DirectoryScene;

/*! Paints the whole graph of its scene, choosing the level of detail from the painter's transform. */
class GraphLayerItem : public QGraphicsItem
{
public:
    explicit GraphLayerItem(DirectoryScene *scene);

    void setBounds(const QRectF &bounds);
    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    /*! Below this zoom nodes are plain boxes without text. */
    static constexpr qreal textZoom = 0.55;
    /*! Graphs up to this many edges also draw the edges that only pass through the view. */
    static constexpr int smallGraphEdges = 20000;
    /*! More edges than this in view are drawn as stubs at their ends. */
    static constexpr int crowdedEdges = 3000;
    /*! Boxes without names: edges that would cover more screen pixels than this are drawn as stubs too. */
    static constexpr qreal crowdedPixels = 1.5e6;
    /*! More nodes than this in view (in a large graph): edges come from the overview picture. */
    static constexpr int crowdedNodes = 2500;

private:
    void paintDetailed(QPainter *painter, const QRectF &exposed, qreal lod);
    void paintHighlights(QPainter *painter, qreal lod);
    void paintTitles(QPainter *painter, qreal lod);

    DirectoryScene *m_scene;
    QRectF m_bounds;
};

} // namespace idex::ui
