#include "widgets/common/connectiondialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace kafkalab;

class TestConnectionDialog : public QObject {
    Q_OBJECT

    static void settle(ConnectionDialog& dialog) { QTRY_VERIFY_WITH_TIMEOUT(!dialog.validationPending(), 5000); }

private Q_SLOTS:
    void problemsShowNextToTheirLine()
    {
        ConnectionDialog dialog({});
        dialog.show();
        QTest::keyClicks(dialog.bootstrapEdit(), QStringLiteral("127.0.0.1:9092"));
        dialog.propertiesEdit()->setPlainText(QStringLiteral("client.id=qa\nno.such.property=1\nacks=banana\njunk"));
        settle(dialog);
        const QString text = dialog.propertiesMessage()->text();
        QVERIFY(dialog.propertiesMessage()->isVisible());
        QVERIFY2(text.contains(QLatin1String("line 2: unknown property 'no.such.property'")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("line 3: Invalid value")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("line 4: expected key=value")), qPrintable(text));
        QCOMPARE(dialog.propertiesEdit()->extraSelections().size(), 3);
        QVERIFY(!dialog.connectButton()->isEnabled());

        // The text the user typed is kept; fixing the lines clears the marks.
        dialog.propertiesEdit()->setPlainText(QStringLiteral("client.id=qa\nacks=all"));
        settle(dialog);
        QVERIFY(!dialog.propertiesMessage()->isVisible());
        QVERIFY(dialog.propertiesEdit()->extraSelections().isEmpty());
        QVERIFY(dialog.connectButton()->isEnabled());
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QTest::mouseClick(dialog.connectButton(), Qt::LeftButton);
        QTRY_COMPARE(accepted.size(), 1);
        QCOMPARE(dialog.profile().bootstrap, QStringLiteral("127.0.0.1:9092"));
        QCOMPARE(dialog.profile().toProperties().size(), 4);
    }

    void emptyBootstrapIsNamed()
    {
        ConnectionDialog dialog({});
        dialog.show();
        settle(dialog);
        QVERIFY(!dialog.connectButton()->isEnabled());
        bool found = false;
        for (const PropertyProblem& p : dialog.problems())
            found |= p.key == QLatin1String("bootstrap.servers");
        QVERIFY(found);
    }

    void savedProfilesComeBackWithoutPassword()
    {
        ConnectionProfile p;
        p.name = QStringLiteral("staging");
        p.bootstrap = QStringLiteral("staging-kafka:9092");
        ConnectionDialog dialog({ p });
        QCOMPARE(dialog.bootstrapEdit()->text(), QStringLiteral("staging-kafka:9092"));
        settle(dialog);
        QVERIFY(dialog.connectButton()->isEnabled());
    }
};

QTEST_MAIN(TestConnectionDialog)
#include "test_connectiondialog.moc"
