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
    void fitAll();
    /*! Graphs up to this many nodes (a scenario's) are never fitted below the zoom where names can be read. */
    static constexpr int readableFitNodes = 200;
    /*! Centres a node and zooms so that it is readable. */
    void showNode(int node);

Q_SIGNALS:
    void zoomChanged(qreal zoom);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    DirectoryScene *m_scene;
};

} // namespace idex::ui
