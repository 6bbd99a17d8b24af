package dev.tgfsm.scene;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Draws a {@link SceneNavigator}'s scenes as a Mermaid {@code flowchart}: one node per scene, with the hooks it has. */
final class SceneDiagram {

    private SceneDiagram() {
    }

    /** The diagram source of the scenes, in their order. */
    static String mermaid(Collection<Scene> scenes) {
        StringBuilder sb = new StringBuilder("flowchart TD\n");
        for (Scene scene : scenes) {
            List<String> hooks = new ArrayList<>();
            if (scene.onEnter() != null) {
                hooks.add("enter");
            }
            if (scene.onLeave() != null) {
                hooks.add("leave");
            }
            if (scene.onExit() != null) {
                hooks.add("exit");
            }
            if (scene.onBack() != null) {
                hooks.add("back");
            }
            sb.append("    scene_").append(scene.name().replaceAll("[^A-Za-z0-9_]", "_")).append("[\"")
                    .append(scene.name()).append(hooks.isEmpty() ? "" : "<br/>" + String.join(", ", hooks))
                    .append("\"]\n");
        }
        return sb.toString();
    }
}
