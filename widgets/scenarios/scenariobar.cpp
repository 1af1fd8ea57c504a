#include "widgets/scenarios/scenariobar.h"

#include "kafkacore/scenarios/scenarioengine.h"
#include "widgets/common/flowlayout.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>

namespace kafkalab {

ScenarioBar::ScenarioBar(const std::function<bool(const Scenario&)>& accept, QWidget* parent)
    : QWidget(parent)
{
    m_box = new QComboBox(this);
    m_box->addItem(tr("By hand"), QString());
    const QDir dir(ScenarioEngine::scenarioDirectory());
    for (const QString& f : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name)) {
        QString error;
        const auto s = accept ? loadScenario(dir.filePath(f), &error) : std::nullopt;
        if (!accept || (s && accept(*s)))
            m_box->addItem(f.chopped(5), dir.filePath(f));
    }
    auto* open = new QPushButton(tr("Open file…"), this);
    m_load = new QPushButton(tr("Load / restart"), this);
    m_step = new QPushButton(tr("Step (F10)"), this);
    m_run = new QPushButton(tr("Run to end"), this);
    m_run->setToolTip(tr("Run every step left (Ctrl+F10)"));
    m_load->setToolTip(tr("Load the chosen lesson again from its first step (F9)"));
    m_reset = new QPushButton(tr("Reset lab"), this);
    m_reset->setToolTip(tr("Stop what this lab runs and clear its picture: the page as new, by hand (Ctrl+Shift+R)"));
    m_save = new QPushButton(tr("Save as scenario…"), this);
    m_save->setToolTip(tr("Write what was done by hand here, with what was observed as expectations, as a scenario "
                          "file to edit and run again (kafkalab-cli scenario run)"));
    m_save->setEnabled(false);
    m_save->hide(); // shown by the pages that record what is done by hand
    // Wraps onto a second line where the page is narrow (1024 px in presentation mode), the chooser on the first.
    m_box->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_box->setMinimumContentsLength(24);
    auto* row = new FlowLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addPair(new QLabel(tr("Scenario"), this), m_box);
    row->addWidget(open);
    row->addWidget(m_load);
    row->addWidget(m_step);
    row->addWidget(m_run);
    row->addWidget(m_reset);
    row->addWidget(m_save);

    connect(open, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Scenario"), ScenarioEngine::scenarioDirectory(), tr("Scenarios (*.json)"));
        if (file.isEmpty())
            return;
        m_box->addItem(QFileInfo(file).fileName(), file);
        m_box->setCurrentIndex(m_box->count() - 1);
        Q_EMIT loadRequested();
    });
    connect(m_box, &QComboBox::activated, this, &ScenarioBar::loadRequested);
    connect(m_load, &QPushButton::clicked, this, &ScenarioBar::loadRequested);
    connect(m_step, &QPushButton::clicked, this, &ScenarioBar::stepRequested);
    auto* stepKey = new QShortcut(QKeySequence(Qt::Key_F10), this);
    stepKey->setWhatsThis(tr("Next step of the loaded lesson (Transactions, Offsets, Group lab)"));
    connect(stepKey, &QShortcut::activated, this, &ScenarioBar::stepRequested);
    connect(m_run, &QPushButton::clicked, this, &ScenarioBar::runRequested);
    connect(m_reset, &QPushButton::clicked, this, &ScenarioBar::resetRequested);
    connect(m_save, &QPushButton::clicked, this, &ScenarioBar::saveRequested);
    // Shortcuts of the page in view only (a hidden page's shortcut does not match).
    const auto key = [this](const QKeySequence& keys, const QString& does, void (ScenarioBar::*signal)()) {
        auto* shortcut = new QShortcut(keys, this);
        shortcut->setWhatsThis(does);
        connect(shortcut, &QShortcut::activated, this, signal);
    };
    key(QKeySequence(Qt::CTRL | Qt::Key_F10), tr("Run the loaded lesson to its end"), &ScenarioBar::runRequested);
    key(QKeySequence(Qt::Key_F9), tr("Load the chosen lesson again, from its first step"), &ScenarioBar::loadRequested);
    key(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), tr("Reset lab: stop what the lab runs, clear its picture"),
        &ScenarioBar::resetRequested);
}

void ScenarioBar::select(const QString& file)
{
    int index = m_box->findData(file);
    if (index < 0) {
        m_box->addItem(QFileInfo(file).fileName(), file);
        index = m_box->count() - 1;
    }
    m_box->setCurrentIndex(index);
    Q_EMIT loadRequested();
}

QString ScenarioBar::currentFile() const
{
    return m_box->currentData().toString();
}

} // namespace kafkalab
