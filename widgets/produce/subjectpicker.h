#pragma once

#include "kafkacore/produce/publishschemas.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;

namespace kafkalab {

// A subject of the profile's schema registry and its version ("latest" or a number) for the key or the value of
// what the Publish tab sends, bound to PublishSchemas: choosing one fetches and compiles it there (off the GUI
// thread); the line under it says which schema id, type and version is in use, or why none is.
class SubjectPicker : public QWidget {
    Q_OBJECT
public:
    SubjectPicker(PublishSchemas* schemas, PublishSchemas::Role role, QWidget* parent = nullptr);

    QString subject() const;
    int version() const; // -1: latest
    // The registry's subjects again (and the chosen schema, reloaded).
    void refresh();
    // The chosen subject and version handed to PublishSchemas again (a new registry, the picker shown).
    void apply();

    QComboBox* subjectBox() const { return m_subject; }
    QComboBox* versionBox() const { return m_version; }
    QPushButton* refreshButton() const { return m_refresh; }
    QLabel* infoLabel() const { return m_info; }

Q_SIGNALS:
    // The role's schema was loaded, failed or was cleared (PublishSchemas::encoder(role) says which).
    void schemaChanged();

private:
    void subjectEdited();
    void showInfo();

    PublishSchemas* m_schemas;
    PublishSchemas::Role m_role;
    QString m_applied; // the subject last handed over
    QComboBox* m_subject;
    QComboBox* m_version;
    QPushButton* m_refresh;
    QLabel* m_info;
};

} // namespace kafkalab
