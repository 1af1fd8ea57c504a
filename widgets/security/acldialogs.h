#pragma once

// The ACLs page's dialogs: create ACLs (every field checked as it is typed, the error beside its field, and a
// preview of the exact bindings, the text kafkalab-cli prints), and create a SCRAM user or change its password
// (masked, typed twice; never logged).

#include "kafkacore/security/aclrules.h"
#include "kafkacore/security/scramrules.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace kafkalab {

class AclCreateDialog : public QDialog {
    Q_OBJECT
public:
    explicit AclCreateDialog(QWidget* parent = nullptr);

    // The bindings to create; empty while the input is not valid.
    QList<AclBinding> bindings() const { return m_bindings; }
    // The fields (for tests and the demo driver).
    QComboBox* resourceType() const { return m_type; }
    QLineEdit* resource() const { return m_resource; }
    QComboBox* pattern() const { return m_pattern; }
    QLineEdit* principal() const { return m_principal; }
    QLineEdit* operations() const { return m_operations; }
    QComboBox* permission() const { return m_permission; }
    QLineEdit* host() const { return m_host; }
    QPlainTextEdit* preview() const { return m_preview; }
    QLabel* errorOf(const QString& field) const; // "resourceType", "resource", "principal", ...
    QPushButton* createButton() const { return m_create; }

private:
    void validate();

    QComboBox* m_type = nullptr;
    QLineEdit* m_resource = nullptr;
    QComboBox* m_pattern = nullptr;
    QLineEdit* m_principal = nullptr;
    QLineEdit* m_operations = nullptr;
    QComboBox* m_permission = nullptr;
    QLineEdit* m_host = nullptr;
    QPlainTextEdit* m_preview = nullptr;
    QPushButton* m_create = nullptr;
    QList<QPair<QString, QLabel*>> m_errors;
    QList<AclBinding> m_bindings;
};

class ScramUserDialog : public QDialog {
    Q_OBJECT
public:
    // `user` empty: a new user; else its password is changed (the name fixed).
    explicit ScramUserDialog(const QString& user, QWidget* parent = nullptr);

    QString user() const;
    ScramMechanism mechanism() const;
    int iterations() const;
    QString password() const;

    QLineEdit* userField() const { return m_user; }
    QLineEdit* passwordField() const { return m_password; }
    QLineEdit* repeatField() const { return m_repeat; }
    QComboBox* mechanismBox() const { return m_mechanism; }
    QLabel* userError() const { return m_userError; }
    QLabel* passwordError() const { return m_passwordError; }
    QPushButton* okButton() const { return m_ok; }

private:
    void validate();

    QLineEdit* m_user = nullptr;
    QComboBox* m_mechanism = nullptr;
    QSpinBox* m_iterations = nullptr;
    QLineEdit* m_password = nullptr;
    QLineEdit* m_repeat = nullptr;
    QLabel* m_userError = nullptr;
    QLabel* m_passwordError = nullptr;
    QPushButton* m_ok = nullptr;
};

} // namespace kafkalab
