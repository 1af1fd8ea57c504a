#pragma once

#include "kafkacore/groups/grouptypes.h"

#include <QGroupBox>
#include <QPointer>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QMessageBox;
class QPushButton;
class QTableWidget;

namespace kafkalab {

// The Groups page's "reset offsets" box: a target (earliest, latest, an offset, a date and time, a shift), a preview
// of every partition's current and new committed offset, and applying it after a confirmation that says how many
// messages the group will consume again or skip. A preview or a refusal is dropped as soon as the group, the topic
// or the target changes: what is shown is always about what is chosen.
class GroupResetBox : public QGroupBox {
    Q_OBJECT
public:
    explicit GroupResetBox(QWidget* parent = nullptr);

    // The selected group (empty: none); another group drops the preview.
    void setGroup(const QString& group);
    // The topics the group has committed offsets on.
    void setTopics(const QStringList& topics);
    // The worker's answer to a requested preview or reset.
    void showResult(const QList<OffsetChange>& changes, const QString& error, bool dryRun);
    // The target as ResetTarget::parse reads it, or empty with `error` set (the field's mistake, in words).
    QString target(QString* error) const;
    // Forgets the preview, the messages and any open confirmation.
    void clear();

    QComboBox* topicBox() const { return m_topic; }
    QComboBox* kindBox() const { return m_kind; }
    QLineEdit* numberEdit() const { return m_number; }
    QDateTimeEdit* timeEdit() const { return m_time; }
    QPushButton* previewButton() const { return m_previewButton; }
    QPushButton* applyButton() const { return m_applyButton; }
    QLabel* errorLabel() const { return m_error; }
    QLabel* resultLabel() const { return m_result; }
    QTableWidget* previewTable() const { return m_preview; }
    QMessageBox* confirmation() const; // the "reset offsets?" question while it is open, else null

Q_SIGNALS:
    void requested(QString group, QString topic, QString target, bool dryRun);

private:
    void request(bool dryRun);
    void confirm();
    void updateFields();
    void inputsChanged();

    QString m_group;
    QComboBox* m_topic;
    QComboBox* m_kind;
    QLineEdit* m_number;
    QDateTimeEdit* m_time;
    QPushButton* m_previewButton;
    QPushButton* m_applyButton;
    QLabel* m_error;
    QLabel* m_result;
    QTableWidget* m_preview;
    QPointer<QMessageBox> m_confirmation;
    QList<OffsetChange> m_changes; // the preview shown
    QString m_pending; // group|topic|target of the request under way; an answer for other inputs is dropped
    QString m_askedGroup; // of the last request, for the messages about its answer
    QString m_askedTopic;
    QString m_shownTarget; // the target in words
};

} // namespace kafkalab
