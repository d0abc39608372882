#pragma once

#include <QWidget>

namespace idex::ui {

/*! The key to colours, shapes and edge styles, drawn with the scene's own style table. A strip under the graph (not
    over it): its entries flow into as many rows as the width needs, in the widget's font, so presenter mode scales
    it with the rest of the window. */
class GraphLegend : public QWidget
{
    Q_OBJECT
public:
    explicit GraphLegend(QWidget *parent = nullptr);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    /*! One line (the entries that fit, then "+N more"): when the whole key would take over a sixth of the graph's
        page (presenter mode, a small window) and the user did not click to see it all. */
    bool isCompact() const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    /*! Each entry's rect when laid out in \a width; the last rect's bottom is the height needed. */
    QList<QRect> layoutEntries(int width) const;
    /*! The entries of the first line that fit with room for the "+N more" hint. */
    QList<QRect> firstLine(int width) const;
    int fullHeight(int width) const;
    void fitHeight();

    bool m_expanded = false; ///< the user clicked the compact line: the whole key, until the next click
};

} // namespace idex::ui
