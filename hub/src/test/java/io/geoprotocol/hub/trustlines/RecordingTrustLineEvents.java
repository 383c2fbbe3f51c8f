package io.geoprotocol.hub.trustlines;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** A listener living in every test context, so tests can see which line changes were announced. */
@Component
class RecordingTrustLineEvents implements TrustLineEvents {

    private final List<UUID> changed = new CopyOnWriteArrayList<>();

    @Override
    public void lineChanged(String equivalent, UUID lineId) {
        changed.add(lineId);
    }

    long count(UUID lineId) {
        return changed.stream().filter(lineId::equals).count();
    }
}
