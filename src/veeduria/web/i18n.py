"""Interface text in English and Spanish. Labels of event types and entity kinds come from the
ontology; everything else a page shows is here, keyed by a short English id."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

__all__ = ["LANGUAGES", "pick_language", "translator"]

LANGUAGES = ("en", "es")

_ES: dict[str, str] = {
    "Dashboard": "Inicio",
    "Search": "Buscar",
    "Timeline": "Cronología",
    "Map": "Mapa",
    "Network": "Red",
    "Review": "Revisión",
    "Documents": "Documentos",
    "Events": "Eventos",
    "Actors": "Actores",
    "Claims": "Afirmaciones",
    "Relations": "Relaciones",
    "Reviews": "Revisiones",
    "Death tolls": "Cifras de muertos",
    "Latest events": "Últimos eventos",
    "Death toll by country": "Cifra de muertos por país",
    "No death tolls yet.": "Todavía no hay cifras de muertos.",
    "No events.": "No hay eventos.",
    "Type": "Tipo",
    "Country": "País",
    "Actor": "Actor",
    "From": "Desde",
    "To": "Hasta",
    "Reviewed only": "Solo revisados",
    "Filter": "Filtrar",
    "Reset": "Limpiar",
    "All": "Todos",
    "Date": "Fecha",
    "Place": "Lugar",
    "Fatalities": "Víctimas mortales",
    "Quote": "Cita",
    "Source": "Fuente",
    "Sources": "Fuentes",
    "Published": "Publicado",
    "Publisher": "Medio",
    "Language": "Idioma",
    "Independent sources": "Fuentes independientes",
    "syndicated copies": "copias sindicadas",
    "Conservative": "Conservadora",
    "Latest": "Más reciente",
    "Range": "Rango",
    "History": "Historial",
    "unreviewed": "sin revisar",
    "accepted": "aceptada",
    "rejected": "rechazada",
    "edited": "editada",
    "Accept": "Aceptar",
    "Reject": "Rechazar",
    "Edit": "Editar",
    "Skip": "Saltar",
    "Open in document": "Ver en el documento",
    "Aliases": "Alias",
    "Kind": "Clase",
    "Events over time": "Eventos en el tiempo",
    "Mentioned in": "Mencionado en",
    "mentions": "menciones",
    "Results": "Resultados",
    "No results.": "Sin resultados.",
    "Search documents": "Buscar en los documentos",
    "Accents and case do not matter.": "No importan los acentos ni las mayúsculas.",
    "Review queue": "Cola de revisión",
    "Nothing left to review.": "No queda nada por revisar.",
    "Keyboard": "Teclado",
    "accept": "aceptar",
    "reject": "rechazar",
    "next": "siguiente",
    "previous": "anterior",
    "open": "abrir",
    "Log in": "Entrar",
    "Log out": "Salir",
    "User": "Usuario",
    "Password": "Contraseña",
    "Wrong user name or password.": "Usuario o contraseña incorrectos.",
    "Too many attempts; wait a few minutes.": "Demasiados intentos; espere unos minutos.",
    "Actors and events": "Actores y eventos",
    "Actors and relations": "Actores y relaciones",
    "Show": "Mostrar",
    "Export PNG": "Exportar PNG",
    "Export SVG": "Exportar SVG",
    "Click a highlighted passage to see its claims.": (
        "Pulse un pasaje resaltado para ver sus afirmaciones."
    ),
    "Evidence": "Evidencia",
    "Claim": "Afirmación",
    "Value": "Valor",
    "Confidence": "Confianza",
    "Status": "Estado",
    "Reviewed": "Revisado",
    "Precise place": "Lugar preciso",
    "Region": "Región",
    "Country only": "Solo país",
    "events": "eventos",
    "Role": "Rol",
    "Not found": "No encontrado",
    "Read-only: your role cannot review.": "Solo lectura: su rol no permite revisar.",
    "Online map tiles": "Mapa en línea",
    "Offline basemap (Natural Earth)": "Mapa base sin conexión (Natural Earth)",
    "Zoom": "Zoom",
    "Fit": "Ajustar",
    "undated": "sin fecha",
    "Events in this cluster": "Eventos de este grupo",
    "Every value below is a claim with its quote and source.": (
        "Cada valor es una afirmación con su cita y su fuente."
    ),
    "Document": "Documento",
    "original": "original",
    "copy of": "copia de",
    "Page not found.": "Página no encontrada.",
    "Watchlists": "Listas de seguimiento",
    "Download": "Descargar",
    "The events matching these filters, with their claims and sources.": (
        "Los eventos que cumplen estos filtros, con sus afirmaciones y fuentes."
    ),
    "The actor filter does not apply to downloads.": (
        "El filtro de actor no se aplica a las descargas."
    ),
    "No watchlists yet: add one with": "Todavía no hay listas de seguimiento: cree una con",
    "Atom feed": "Canal Atom",
    "Rules": "Reglas",
    "any actor": "cualquier actor",
    "any type": "cualquier tipo",
    "any country": "cualquier país",
    "Read-only: lists are managed with": "Solo lectura: las listas se gestionan con",
}


@cache
def translator(lang: str) -> Callable[[str], str]:
    """`_("English text")` for `lang`; unknown keys fall back to English."""
    table = _ES if lang == "es" else {}

    def gettext(text: str) -> str:
        return table.get(text, text)

    return gettext


def pick_language(query: str | None, cookie: str | None, accept: str | None) -> str:
    """?lang= first, then the cookie, then the browser's preference, then English."""
    for candidate in (query, cookie):
        if candidate in LANGUAGES:
            return str(candidate)
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"
