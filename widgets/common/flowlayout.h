#pragma once

#include <QLayout>
#include <QList>
#include <QStyle>

namespace kafkalab {

// A row of controls that wraps onto further lines where the room is too narrow for it (a 1024 px window, the large
// type of presentation mode), instead of making the page wider than the window. Items keep their size hint's width;
// what a line has to spare goes to its horizontally expanding items (line edits, combo boxes that stretch), so a line
// that fits looks like a QHBoxLayout. Its least width is its widest item's, and its height follows the width it is
// given (heightForWidth).
class FlowLayout : public QLayout {
public:
    explicit FlowLayout(QWidget* parent = nullptr);
    ~FlowLayout() override;

    // A label and its field (or any two widgets) kept together on one line.
    void addPair(QWidget* label, QWidget* field);
    void addItem(QLayoutItem* item) override;
    int count() const override { return int(m_items.size()); }
    QLayoutItem* itemAt(int index) const override { return m_items.value(index); }
    QLayoutItem* takeAt(int index) override;
    Qt::Orientations expandingDirections() const override { return Qt::Horizontal; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect& rect) override;

private:
    int arrange(const QRect& rect, bool apply) const; // the height used
    int spacingOr(QStyle::PixelMetric metric) const;

    QList<QLayoutItem*> m_items;
};

} // namespace kafkalab
