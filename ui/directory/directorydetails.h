#pragma once

#include <QGroupBox>

class QTreeWidget;

namespace idex {
class Directory;
class DirectoryGraph;
} // namespace idex

namespace idex::ui {

/*! The Directory panel's details pane: every property of the selected graph node (or the directory's summary),
    each value copyable. It only renders: the panel says what is selected. */
class DirectoryDetails : public QGroupBox
{
    Q_OBJECT
public:
    explicit DirectoryDetails(QWidget *parent = nullptr);

    /*! The properties of \a graph's node \a node, read from \a directory; the summary when \a node is none. */
    void showNode(const Directory &directory, const DirectoryGraph &graph, int node);
    QTreeWidget *tree() const { return m_tree; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void add(const QString &name, const QString &value);
    void showSummary(const Directory &directory, const DirectoryGraph &graph);

    QTreeWidget *m_tree;
};

} // namespace idex::ui
