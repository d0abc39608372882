#pragma once

#include <QWidget>

namespace idex::ui {

class Workspace;

/*! See which identity holds which app role on which API. */
class DirectoryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DirectoryPanel(Workspace &workspace, QWidget *parent = nullptr);

private:
    Workspace &m_workspace;
};

} // namespace idex::ui
