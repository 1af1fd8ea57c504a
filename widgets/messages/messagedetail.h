#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/messages/messagerecord.h"
#include "kafkacore/schemas/schemadecoder.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QTreeWidget;

namespace kafkalab {

class MessageReader;

// The message browser's detail pane for one record: Value (a JSON tree, or the parse error and the raw text),
// Text (escaped), Hex, Key and Headers. A record decoded through a schema registry shows its decoded value as the
// tree (with subject, version, schema id and type above it) and its key as JSON; the Text and Hex tabs keep the
// raw bytes. One that did not decode says why above its bytes. A value cut at the browser's limit can be loaded whole
// (off the GUI thread, by the MessageReader given with setSource()).
class MessageDetail : public QWidget {
    Q_OBJECT
public:
    explicit MessageDetail(QWidget* parent = nullptr);
    // Cancels a value fetch still running and drops it: never waits.
    ~MessageDetail() override;

    // Where the shown records come from (for loading a cut value whole): the reader that fetches it (not owned;
    // none or a disconnected one: no loading) and the topic.
    void setSource(MessageReader* reader, const QString& topic);
    // `decoded` (may be null): the record's key and value as the reader's schema decoder gave them.
    void showRecord(const MessageRecord& record, const schemas::DecodedRecord* decoded = nullptr);
    void clear();

    QTabWidget* tabs() const { return m_tabs; }
    QPushButton* loadWholeButton() const { return m_loadWhole; }
    QLabel* truncatedLabel() const { return m_truncated; }
    QLabel* valueNote() const { return m_valueNote; }
    QTreeWidget* jsonTree() const { return m_jsonTree; }
    QPlainTextEdit* textView() const { return m_text; }
    QPlainTextEdit* hexView() const { return m_hex; }
    QPlainTextEdit* keyTextView() const { return m_keyText; }

    // "00000000  7b 22 61 22 ...  |{"a"...|" lines, at most `limit` bytes (a note says when there is more).
    static QString hexDump(const QByteArray& bytes, qsizetype limit = qsizetype(64) * 1024);

Q_SIGNALS:
    void wholeValueLoaded(bool ok);

private:
    void showValue(const QByteArray& value, bool isNull, const schemas::DecodedValue* decoded = nullptr);
    void loadWholeValue();

    bool canLoad() const;

    QPointer<MessageReader> m_reader;
    QString m_topic;
    std::optional<MessageRecord> m_record;
    int m_generation = 0; // bumped whenever another record is shown
    QTabWidget* m_tabs;
    QLabel* m_truncated;
    QPushButton* m_loadWhole;
    QLabel* m_valueNote;
    QTreeWidget* m_jsonTree;
    QPlainTextEdit* m_rawValue;
    QPlainTextEdit* m_text;
    QPlainTextEdit* m_hex;
    QPlainTextEdit* m_keyText;
    QPlainTextEdit* m_keyHex;
    QTableWidget* m_headers;
};

} // namespace kafkalab
