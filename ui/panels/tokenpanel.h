#pragma once

#include <QWidget>

namespace idex::ui {

class Workspace;

/*! Get a managed identity token from any source, and see exactly how it was obtained. */
class TokenPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TokenPanel(Workspace &workspace, QWidget *parent = nullptr);

private:
    Workspace &m_workspace;
};

} // namespace idex::ui
