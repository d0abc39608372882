#pragma once

#include <QGraphicsView>

namespace idex::ui {

class DirectoryScene;

/*! Pan (drag), zoom (wheel, Ctrl +/-), fit (F / Ctrl+0) over a DirectoryScene. */
class DirectoryView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit DirectoryView(DirectoryScene *scene, QWidget *parent = nullptr);

    qreal zoom() const { return transform().m11(); }
    void setZoom(qreal zoom);
    void zoomBy(qreal factor);
    /*! Fit (F): the whole graph when it fits. A graph up to readableFitNodes nodes (a scenario's) is never fitted
        below the zoom where names can be read: when it does not fit whole at that zoom, the token's path is shown
        (whole when it fits, else from its start, the identity), and without a path the graph from its first layer. */
    void fitAll();
    /*! Graphs up to this many nodes (a scenario's) are never fitted below the zoom where names can be read. */
    static constexpr int readableFitNodes = 200;
    /*! Centres a node and zooms so that it is readable. */
    void showNode(int node);
    /*! Follows the window's zoom (View > Zoom, presenter mode): names and labels keep \a factor times their
        on-screen size. Outside presenter mode the view zooms by the same ratio. In presenter mode it opens fitted
        (fitAll() at the larger names) and refits as the window settles, until the user zooms or pans; leaving
        presenter mode gives back the view of before. */
    void followUiZoom(qreal factor, bool presenter);
    /*! Whether the view still shows what fitAll() chose (presenter mode: no zoom or pan since). */
    bool isFitted() const { return m_fitted; }

Q_SIGNALS:
    void zoomChanged(qreal zoom);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    /*! The token path's nodes and missing label at zoom \a lod, framed like the graph; null without a path. */
    QRectF pathBounds(qreal lod) const;
    /*! The viewport's part on screen (all of it unless a scroll area around the panel cuts it). */
    QRect seenArea() const;
    /*! Zoom \a k, showing \a target: centred when it fits, else from its left edge (where the path starts). */
    void showTarget(const QRectF &target, qreal k);

    DirectoryScene *m_scene;
    qreal m_uiFactor = 1.0;
    bool m_presenter = false;
    bool m_fitted = false; ///< presenter mode: the view is what fitAll() chose, so a resize fits again
    QTransform m_savedTransform; ///< the view before presenter mode
    QPointF m_savedCentre;
};

} // namespace idex::ui
