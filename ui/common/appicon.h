#pragma once

#include <QIcon>
#include <QPixmap>

namespace vami {

// The application icon (resources/icons/vami.svg). Where Qt has no SVG image
// plugin, the same drawing is painted directly, so the icon never goes missing.
class AppIcon
{
public:
    [[nodiscard]] static QIcon icon();
    [[nodiscard]] static QPixmap pixmap(int size);
};

} // namespace vami
