export default function DndTab() {
  return <div>DndTab</div>;
}
