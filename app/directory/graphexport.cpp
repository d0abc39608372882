#include "graphexport.h"

#include <QHash>

namespace idex::graphexport {

namespace {
using Kind = GraphNode::Kind;

const char *color(Kind kind)
{
    switch (kind) {
    case Kind::SystemAssignedIdentity: return "#2f6fed";
    case Kind::UserAssignedIdentity: return "#0f8f7e";
    case Kind::ClientApplication: return "#7b4fd6";
    case Kind::User: return "#5f6b7a";
    case Kind::Group: return "#a0652a";
    case Kind::AppRole: return "#d9822b";
    case Kind::ResourceApi: return "#2e8540";
    case Kind::Registration: return "#546e7a";
    case Kind::Aggregate: return "#37474f";
    }
    return "#000000";
}

const char *fill(Kind kind)
{
    switch (kind) {
    case Kind::SystemAssignedIdentity: return "#e7effd";
    case Kind::UserAssignedIdentity: return "#e0f4f1";
    case Kind::ClientApplication: return "#efe9fb";
    case Kind::User: return "#eef0f3";
    case Kind::Group: return "#f6ece2";
    case Kind::AppRole: return "#fdf0e2";
    case Kind::ResourceApi: return "#e5f3e8";
    case Kind::Registration: return "#eceff1";
    case Kind::Aggregate: return "#dde3e6";
    }
    return "#ffffff";
}

const char *dotShape(Kind kind)
{
    switch (kind) {
    case Kind::AppRole: return "ellipse";
    case Kind::ResourceApi: return "hexagon";
    case Kind::Registration: return "note";
    case Kind::User:
    case Kind::Group: return "oval";
    case Kind::Aggregate: return "box3d";
    default: return "box";
    }
}

QByteArray dotQuote(const QString &s)
{
    QString escaped = s;
    escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
    return '"' + escaped.toUtf8() + '"';
}

QByteArray xml(const QString &s)
{
    return s.toHtmlEscaped().toUtf8();
}

QByteArray num(qreal v)
{
    return QByteArray::number(v, 'f', 1);
}
} // namespace

QByteArray toDot(const DirectoryGraph &graph)
{
    QByteArray out
        = "digraph directory {\n  rankdir=LR;\n  node [style=filled, fontname=\"Helvetica\", fontsize=10];\n";
    for (int layer = 0; layer < 4; ++layer) {
        out += "  subgraph cluster_" + QByteArray::number(layer)
            + " {\n    label=" + dotQuote(DirectoryGraph::layerTitle(layer)) + ";\n    color=\"#d0d7de\";\n";
        for (int i = 0; i < graph.nodes.size(); ++i) {
            const GraphNode &n = graph.nodes.at(i);
            if (n.layer != layer)
                continue;
            out += "    n" + QByteArray::number(i) + " [label=" + dotQuote(n.label + QStringLiteral("\\n") + n.sublabel)
                + ", shape=" + dotShape(n.kind) + ", color=\"" + color(n.kind) + "\", fillcolor=\"" + fill(n.kind)
                + "\", tooltip=" + dotQuote(n.objectId) + "];\n";
        }
        out += "  }\n";
    }
    for (const GraphEdge &e : graph.edges) {
        const char *label = e.kind == GraphEdge::Kind::HoldsRole ? "holds role"
            : e.kind == GraphEdge::Kind::RoleOf                  ? "role of"
                                                                 : "registration";
        out += "  n" + QByteArray::number(e.from) + " -> n" + QByteArray::number(e.to) + " [label=\"" + label + "\"";
        if (e.weight > 1)
            out += ", penwidth=" + QByteArray::number(std::min(8.0, 1.0 + e.weight / 10.0), 'f', 1) + ", xlabel=\"x"
                + QByteArray::number(e.weight) + "\"";
        if (e.kind == GraphEdge::Kind::Registration)
            out += ", style=dashed";
        out += "];\n";
    }
    out += "}\n";
    return out;
}

QByteArray toSvg(const DirectoryGraph &graph)
{
    const QRectF b = graph.bounds.adjusted(-40, -80, 40, 40);
    QByteArray out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
        + num(b.width()) + "\" height=\"" + num(b.height()) + "\" viewBox=\"" + num(b.left()) + ' ' + num(b.top()) + ' '
        + num(b.width()) + ' ' + num(b.height())
        + "\" font-family=\"Helvetica, Arial, sans-serif\">\n<title>Identity Explorer directory</title>\n<rect x=\""
        + num(b.left()) + "\" y=\"" + num(b.top()) + "\" width=\"" + num(b.width()) + "\" height=\"" + num(b.height())
        + "\" fill=\"#fbfcfd\"/>\n<g fill=\"none\" stroke-width=\"1.3\">\n";
    for (const GraphEdge &e : graph.edges) {
        const QRectF &a = graph.nodes.at(e.from).rect;
        const QRectF &c = graph.nodes.at(e.to).rect;
        const qreal x1 = a.right(), y1 = a.center().y(), x2 = c.left(), y2 = c.center().y();
        const qreal dx = std::max<qreal>(40, (x2 - x1) / 2);
        const char *stroke = e.kind == GraphEdge::Kind::HoldsRole ? "#6b809c"
            : e.kind == GraphEdge::Kind::RoleOf                   ? "#d99a55"
                                                                  : "#9aa5b1";
        out += "<path d=\"M" + num(x1) + ',' + num(y1) + " C" + num(x1 + dx) + ',' + num(y1) + ' ' + num(x2 - dx) + ','
            + num(y2) + ' ' + num(x2) + ',' + num(y2) + "\" stroke=\"" + stroke + "\""
            + (e.kind == GraphEdge::Kind::Registration ? " stroke-dasharray=\"5,4\"" : "") + "/>\n";
    }
    out += "</g>\n";
    for (const GraphGroup &g : graph.groups) {
        if (g.rect.isNull())
            continue;
        out += "<text x=\"" + num(g.rect.left()) + "\" y=\"" + num(g.rect.top() - 12)
            + "\" font-size=\"13\" font-weight=\"bold\" fill=\"#37474f\">"
            + xml(QStringLiteral("%1 (%2)").arg(g.title).arg(g.nodeCount)) + "</text>\n";
    }
    for (const GraphNode &n : graph.nodes) {
        const QRectF &r = n.rect;
        const qreal radius = n.kind == Kind::AppRole || n.kind == Kind::User || n.kind == Kind::Group ? r.height() / 2
            : (n.kind == Kind::SystemAssignedIdentity || n.kind == Kind::UserAssignedIdentity)        ? 8
                                                                                                      : 2;
        out += "<g><title>" + xml(n.objectId) + "</title><rect x=\"" + num(r.left()) + "\" y=\"" + num(r.top())
            + "\" width=\"" + num(r.width()) + "\" height=\"" + num(r.height()) + "\" rx=\"" + num(radius)
            + "\" fill=\"" + fill(n.kind) + "\" stroke=\"" + color(n.kind) + "\" stroke-width=\"1.4\""
            + (n.disabled ? " stroke-dasharray=\"4,3\"" : "") + "/>";
        out += "<text x=\"" + num(r.left() + 12) + "\" y=\"" + num(r.top() + 16)
            + "\" font-size=\"12\" font-weight=\"bold\" fill=\"#1f2937\">"
            + xml(n.label.size() > 30 ? n.label.left(29) + QStringLiteral("…") : n.label) + "</text>";
        out += "<text x=\"" + num(r.left() + 12) + "\" y=\"" + num(r.top() + 30)
            + "\" font-size=\"10\" fill=\"#5f6b7a\">"
            + xml(n.sublabel.size() > 38 ? n.sublabel.left(37) + QStringLiteral("…") : n.sublabel) + "</text></g>\n";
    }
    out += "</svg>\n";
    return out;
}

} // namespace idex::graphexport
